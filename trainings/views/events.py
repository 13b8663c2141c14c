"""Event pages: the list, the month calendar and its iCal feed, scheduling and editing,
announcing and cancelling, speakers and materials."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import params, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors, service_message
from fokuss.ical import token_for
from fokuss.page_cache import page_cached
from fokuss.uploads import serve_file
from members.selectors import audit_timeline, forum_people
from members.views import calendar_response

from .. import selectors, services
from ..forms import EventForm, MaterialForm, RsvpForm, SpeakerForm
from ..models import Registration

ICAL_SALT = "trainings.ical"  # tokens of the events feed before the one calendar feed


@forum_required
@page_cached(per="minute")
def event_list(request):
    forum = request.forum
    policy.require(request.actor, "event.view", forum)
    today = timezone.localdate()
    year = params.year_param(request, default=today.year, today=today, allowed=range(2000, today.year + 2))
    page = selectors.event_list_page(forum=forum, year=year, user_id=request.user.pk,
                                     include_drafts=policy.can(request.actor, "event.manage", forum))
    return render(request, "trainings/event_list.html", page)


@forum_required
def calendar_view(request):
    forum = request.forum
    policy.require(request.actor, "event.view", forum)
    first = params.month_param(request, today=timezone.localdate())
    month = selectors.calendar_month(forum=forum, first=first, user_id=request.user.pk,
                                     include_drafts=policy.can(request.actor, "event.manage", forum))
    ical_url = request.build_absolute_uri(reverse("members:calendar_feed", args=[token_for(request.user.pk)]))
    return render(request, "trainings/calendar.html", {**month, "ical_url": ical_url})


def ical(request, token: str):
    """The events feed address from before the one calendar feed: still answers old
    subscriptions, with events only."""
    return calendar_response(token=token, salt=ICAL_SALT, sources=("trainings",), name="Kegiatan forum sekdes",
                             filename="kegiatan-forum.ics")


def _event_data(form) -> tuple[dict, dict]:
    data = dict(form.cleaned_data)
    relations = {"competencies": list(data.pop("competencies") or []),
                 "audience_villages": list(data.pop("audience_villages") or [])}
    for key in ("description", "venue", "map_url", "online_url", "agenda", "invitation_subject",
                "audience_competency"):
        data[key] = data.get(key) or ""
    return data, relations


@forum_required
def event_create(request):
    forum = request.forum
    policy.require(request.actor, "event.manage", forum)
    # ?terlaksana=1: write up a meeting that already took place (no invitations)
    held = request.GET.get("terlaksana") == "1" or request.POST.get("record_held") == "1"
    initial = selectors.event_create_initial(forum=forum, competency_code=request.GET.get("competency", ""),
                                             audience=request.GET.get("audience", ""), held=held)
    form = EventForm(request.POST or None, forum=forum, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, relations = _event_data(form)
        try:
            event = services.event_create(forum=forum, created_by=request.user, record_held=held, **data, **relations)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if held:
                messages.success(request, _("Kegiatan dicatat sebagai terlaksana, tanpa undangan. Isi daftar hadir "
                                            "dan notulennya."))
            else:
                messages.success(request, _("Kegiatan disimpan sebagai draf. Periksa lalu umumkan untuk mengundang "
                                            "peserta."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/event_form.html", {"form": form, "event": None, "held": held})


@forum_required
def event_edit(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    form = EventForm(request.POST or None, forum=event.forum, initial=selectors.event_form_initial(event=event))
    if request.method == "POST" and form.is_valid():
        data, relations = _event_data(form)
        try:
            services.event_update(event=event, **data, **relations)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan kegiatan disimpan."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/event_form.html", {"form": form, "event": event})


@forum_required
@page_cached(per="minute")
def event_detail(request, pk: int):
    event = selectors.event_for(request.actor, pk)
    can_manage = policy.can(request.actor, "event.manage", event)
    now = timezone.now()
    page = selectors.event_page(event=event, user=request.user, now=now,
                                with_people=policy.can(request.actor, "event.report", event))
    registration = page["registration"]
    answered = registration is not None and registration.response != Registration.Response.INVITED
    response = registration.response if answered else ""
    if response == Registration.Response.WAITING:
        response = Registration.Response.HADIR  # on the waiting list: the answer was "hadir"
    context = {
        **page, "event": event, "now": now, "answered": answered,
        "rsvp_form": RsvpForm(initial={"response": response,
                                       "reason": registration.reason if registration else ""}),
        "speaker_form": (SpeakerForm(users=forum_people(forum=event.forum, day=timezone.localdate()))
                         if can_manage else None),
        "material_form": MaterialForm() if can_manage else None,
        "audit": audit_timeline(event),
    }
    return render(request, "trainings/event_detail.html", context)


@forum_required
def event_publish(request, pk: int):
    """GET: the confirmation step (how many people, on which channels); POST: announce."""
    event = selectors.event_for(request.actor, pk, "event.manage")
    if request.method != "POST":
        return render(request, "trainings/event_publish.html",
                      {"event": event, **selectors.publish_preview(event=event)})
    service_message(request, lambda: services.event_publish(event=event, by=request.user),
                    success=lambda count: _("Kegiatan diumumkan; undangan dikirim ke %(n)d orang.") % {"n": count})
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def event_record_held(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    service_message(request, lambda: services.event_record_held(event=event, by=request.user),
                    success=_("Kegiatan dicatat sebagai terlaksana, tanpa undangan. Isi daftar hadir dan "
                              "notulennya."))
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def event_cancel(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    service_message(request, lambda: services.event_cancel(event=event, by=request.user),
                    success=_("Kegiatan dibatalkan."))
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def speaker_add(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    form = SpeakerForm(request.POST, users=forum_people(forum=event.forum, day=timezone.localdate()))
    if form.is_valid():
        service_message(request, lambda: services.speaker_add(event=event, **form.cleaned_data),
                        success=_("Narasumber ditambahkan."))
    else:
        messages.error(request, _("Data narasumber tidak lengkap."))
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def speaker_remove(request, pk: int):
    speaker = selectors.speaker_for(request.actor, pk, "event.manage")
    services.speaker_remove(speaker=speaker)
    messages.success(request, _("Narasumber dihapus."))
    return redirect("trainings:event_detail", pk=speaker.event_id)


@require_POST
@forum_required
def material_upload(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        service_message(request, lambda: services.material_add(event=event, by=request.user,
                                                               title=form.cleaned_data["title"],
                                                               uploaded=form.cleaned_data["file"]),
                        success=_("Materi diunggah."))
    else:
        messages.error(request, _("Isi judul dan pilih berkas materi."))
    return redirect("trainings:event_detail", pk=event.pk)


@forum_required
def material_download(request, pk: int):
    material = selectors.material_for(request.actor, pk)
    return serve_file(material.file, content_type=material.content_type,
                      original_name=material.original_name or material.title)
