"""The answer to an invitation: hadir (or the waiting list), izin with a reason, tidak hadir."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss.decorators import forum_required

from .. import selectors, services
from ..forms import RsvpForm
from ..models import Registration


@require_POST
@forum_required
def rsvp(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.rsvp")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih hadir, izin atau tidak hadir."))
        return redirect("trainings:event_detail", pk=event.pk)
    try:
        registration = services.rsvp_respond(event=event, person=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.response == Registration.Response.WAITING:
            messages.warning(request, _("Kuota penuh. Anda masuk daftar tunggu dan akan diberi tahu bila ada tempat."))
        else:
            messages.success(request, _("Jawaban Anda tercatat: %(r)s.") % {"r": registration.get_response_display()})
    return redirect("trainings:event_detail", pk=event.pk)
