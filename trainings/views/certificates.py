"""Certificates of a training (bulk run with progress, one's own PDF) and feedback."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss import policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from fokuss.jobs import BROKER_ERRORS, QUEUE_UNAVAILABLE
from fokuss.uploads import serve_file

from .. import selectors, services
from ..forms import FeedbackForm


@forum_required
def certificates(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    if request.method == "POST":
        try:
            services.certificate_run_start(event=event, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except BROKER_ERRORS:  # the run is saved; the sweep enqueues it once the queue is back
            messages.warning(request, QUEUE_UNAVAILABLE)
        else:
            messages.success(request, _("Pembuatan sertifikat dimulai."))
        return redirect("trainings:certificates", pk=event.pk)
    return render(request, "trainings/certificates.html", {
        "event": event, **selectors.certificates_page(event=event), "now": timezone.now()})


@forum_required
def certificates_progress(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    return render(request, "trainings/_certificate_progress.html",
                  {"event": event, **selectors.certificate_progress(event=event)})


@forum_required
def my_certificates(request):
    """"Sertifikat saya": the signed-in person's certificates from the forum's trainings."""
    forum = request.forum
    policy.require(request.actor, "event.view", forum)
    return render(request, "trainings/my_certificates.html",
                  {"certificates": selectors.my_certificates(forum=forum, user=request.user)})


@forum_required
def certificate_pdf(request, pk: int):
    certificate = selectors.certificate_for(request.actor, pk)
    document = services.document_ensure_file(document=certificate.document)
    return serve_file(document.file, content_type="application/pdf", original_name=f"sertifikat-{certificate.pk}.pdf")


@forum_required
def feedback(request, pk: int):
    event = selectors.event_for(request.actor, pk, "feedback.submit")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(event=event, person=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih atas umpan baliknya."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/feedback.html", {"event": event, "form": form})
