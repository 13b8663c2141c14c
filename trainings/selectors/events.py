"""Reads of events: fetch-and-check helpers for an event and what hangs on it (speaker,
material), the event page, the lists and the month calendar, and the event form's initial values."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competency import selectors as competency_selectors
from competency.models import Competency, Framework
from fokuss import policy
from fokuss.dates import add_months
from fokuss.policy import Actor
from members.models import SecretaryTenure
from notifications.selectors import channel_reach

from ..models import (
    Attendance,
    Certificate,
    Event,
    Feedback,
    IssuedDocument,
    Material,
    Minutes,
    Registration,
    Speaker,
)
from .people import day_bounds, local_date


def event_url(event_or_pk) -> str:
    pk = getattr(event_or_pk, "pk", event_or_pk)
    return reverse("trainings:event_detail", args=[pk])


def event_for(actor: Actor, pk, action: str = "event.view") -> Event:
    """An event the actor may do ``action`` on; a draft is seen only by the board ("event.view")."""
    return policy.fetch(actor, action, Event.objects.select_related("forum__district"), pk=pk)


def material_for(actor: Actor, pk, action: str = "material.download") -> Material:
    return policy.fetch(actor, action, Material.objects.select_related("event"), pk=pk)


def speaker_for(actor: Actor, pk, action: str = "event.manage") -> Speaker:
    return policy.fetch(actor, action, Speaker.objects.select_related("event"), pk=pk)


def audience_ids(*, event: Event, day: datetime.date | None = None) -> list[int]:
    """User ids invited to the event: the secretaries serving on ``day`` in all or the chosen
    villages, or those with a gap in the chosen competency (competency.selectors.people_with_gap)."""
    day = day or timezone.localdate()
    if event.audience == Event.Audience.GAP:
        return list(competency_selectors.people_with_gap(forum=event.forum,
                                                         competency_code=event.audience_competency))
    tenures = SecretaryTenure.objects.held_on(day).filter(village__district_id=event.forum.district_id)
    if event.audience == Event.Audience.VILLAGES:
        tenures = tenures.filter(village__in=event.audience_villages.all())
    return list(dict.fromkeys(tenures.order_by("village__name").values_list("user_id", flat=True)))


def publish_preview(*, event: Event, now: datetime.datetime | None = None) -> dict:
    """What announcing the event would do, for the confirmation step: how many people would be
    invited and how many of them each channel reaches (the in-app notification centre always;
    e-mail and WhatsApp by their contact data, preferences and consent), and why it cannot be
    announced, if so. A fixed number of queries."""
    now = now or timezone.now()
    problem = ""
    ids: list[int] = []
    if event.status != Event.Status.DRAFT:
        problem = _("Kegiatan ini sudah diumumkan atau dibatalkan.")
    elif event.starts_at <= now:
        problem = (_("Kegiatan ini sudah dimulai dan tidak dapat diumumkan lagi. Bila sudah selesai, catat sebagai "
                     "terlaksana untuk mengisi daftar hadir dan notulen."))
    else:
        ids = audience_ids(event=event, day=local_date(now))
        if not ids:
            problem = _("Tidak ada peserta yang cocok dengan sasaran kegiatan ini.")
    return {"count": len(ids), "channels": channel_reach(user_ids=ids), "problem": problem}


def events_between(*, forum, start: datetime.datetime, end: datetime.datetime, user_id: int | None = None,
                   include_drafts: bool = False) -> list[Event]:
    """Events of the forum overlapping [start, end), with ``my_response`` (the user's RSVP) and
    ``going`` (number answering hadir). One query."""
    qs = Event.objects.filter(forum=forum, starts_at__lt=end, ends_at__gte=start)
    if not include_drafts:
        qs = qs.exclude(status=Event.Status.DRAFT)
    mine = Registration.objects.filter(event_id=OuterRef("pk"), person_id=user_id).values("response")[:1]
    return list(
        qs.annotate(my_response=Subquery(mine),
                    going=Count("registrations", filter=Q(registrations__response="hadir"), distinct=True))
        .order_by("starts_at")
    )


def event_page(*, event: Event, user, with_people: bool, now: datetime.datetime | None = None) -> dict:
    """What the event page shows (a fixed number of queries): before the event the RSVP counts,
    after it the attendance summary."""
    now = now or timezone.now()
    ended = event.ends_at <= now
    counts = dict(event.registrations.values_list("response").annotate(n=Count("pk")).order_by())
    attendance_counts = dict(event.attendances.values_list("status").annotate(n=Count("pk")).order_by())
    waiting = list(event.registrations.filter(response=Registration.Response.WAITING)
                   .order_by("waitlisted_at", "pk").values_list("person_id", flat=True))
    registration = event.registrations.filter(person=user).first()
    attendance = event.attendances.filter(person=user).first()
    minutes = list(event.minutes.select_related("notulis").order_by("-revision"))
    final = next((m for m in minutes if m.status == Minutes.Status.FINAL), None)
    people = []
    if with_people:
        people = list(event.registrations.select_related("person").order_by("response", "person__full_name"))
    return {
        "speakers": list(event.speakers.select_related("user")),
        "materials": list(event.materials.all()),
        "competencies": list(event.competencies.all()),
        "counts": {r: counts.get(r, 0) for r in Registration.Response.values},
        "ended": ended,
        "attendance_counts": {s: attendance_counts.get(s, 0) for s in Attendance.Status.values},
        "attendance_total": sum(attendance_counts.values()),
        "seats_left": (max(event.capacity - counts.get("hadir", 0), 0) if event.capacity is not None else None),
        "registration": registration,
        "queue_position": (waiting.index(user.pk) + 1 if registration and user.pk in waiting else None),
        "attendance": attendance,
        "minutes_list": minutes,
        "final_minutes": final,
        "draft_minutes": next((m for m in minutes if m.status == Minutes.Status.DRAFT), None),
        "invitation": event.documents.filter(kind=IssuedDocument.Kind.UNDANGAN).order_by("-created_at").first(),
        "certificate": Certificate.objects.filter(event=event, person=user).first(),
        "feedback_given": Feedback.objects.filter(event=event, person=user).exists(),
        "people": people,
    }


def upcoming_for_user(*, forum, user_id: int, now: datetime.datetime, limit: int = 4) -> list[Event]:
    return events_between(forum=forum, start=now, end=now + datetime.timedelta(days=120), user_id=user_id)[:limit]


def event_list_page(*, forum, year: str | int | None, user_id: int | None, include_drafts: bool,
                    now: datetime.datetime | None = None) -> dict:
    """Upcoming events, and the past events of one year (a year out of range falls back to this
    one). Two queries."""
    now = now or timezone.now()
    today = local_date(now)
    try:
        year = int(year) if year not in (None, "") else today.year
    except (TypeError, ValueError):
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    tz = timezone.get_current_timezone()
    upcoming = events_between(forum=forum, start=now, end=now + datetime.timedelta(days=3650), user_id=user_id,
                              include_drafts=include_drafts)
    past = [e for e in events_between(forum=forum, start=datetime.datetime(year, 1, 1, tzinfo=tz),
                                      end=min(now, datetime.datetime(year + 1, 1, 1, tzinfo=tz)), user_id=user_id,
                                      include_drafts=include_drafts) if e.ends_at < now]
    founded = forum.founded_on.year if forum.founded_on else today.year - 5
    return {"upcoming": upcoming, "past": list(reversed(past)), "year": year,
            "years": range(today.year, founded - 1, -1)}


def calendar_month(*, forum, first: datetime.date, user_id: int | None, include_drafts: bool,
                   today: datetime.date | None = None) -> dict:
    """A month grid (weeks from Monday) from ``first`` (the month's first day, parsed and bounded by
    fokuss.params.month_param) with the events on each day. One query."""
    today = today or timezone.localdate()
    grid_start = first - datetime.timedelta(days=first.weekday())
    last = add_months(first, 1) - datetime.timedelta(days=1)
    grid_end = last + datetime.timedelta(days=6 - last.weekday())
    grid_from, grid_to = day_bounds(grid_start, grid_end)
    events = events_between(forum=forum, start=grid_from, end=grid_to, user_id=user_id, include_drafts=include_drafts)
    by_day: dict[datetime.date, list[Event]] = {}
    for e in events:
        day = local_date(e.starts_at)
        while day <= local_date(e.ends_at):
            by_day.setdefault(day, []).append(e)
            day += datetime.timedelta(days=1)
    weeks = []
    day = grid_start
    while day <= grid_end:
        weeks.append([(day + datetime.timedelta(days=i), by_day.get(day + datetime.timedelta(days=i), []))
                      for i in range(7)])
        day += datetime.timedelta(days=7)
    return {
        "first": first, "weeks": weeks, "today": today, "prev": add_months(first, -1), "next": add_months(first, 1),
        "month_events": [e for e in events if local_date(e.starts_at).month == first.month
                         or local_date(e.ends_at).month == first.month],
        "weekdays": [_("Sen"), _("Sel"), _("Rab"), _("Kam"), _("Jum"), _("Sab"), _("Min")],
    }


EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "venue", "map_url", "online_url",
                "audience", "audience_competency", "capacity", "registration_deadline", "hours", "agenda",
                "invitation_subject")


def event_create_initial(*, forum, competency_code: str = "", audience: str = "", held: bool = False) -> dict:
    """The new-event form, prefilled from a training-needs link (``?competency=<code>``, with
    ``audience=gap`` to invite those with a gap); a meeting already held (``held``) starts as a
    rapat rutin. Two queries."""
    initial: dict[str, object] = {"kind": Event.Kind.RAPAT if held else Event.Kind.PELATIHAN,
                                  "audience": Event.Audience.ALL}
    code = (competency_code or "").strip()[:20]
    framework = Framework.current(forum=forum) if code else None
    competency = Competency.objects.filter(framework=framework, code=code).first() if framework else None
    if competency is not None:
        initial.update(competencies=[competency.pk], title=_("Pelatihan %(name)s") % {"name": competency.name})
        if audience == Event.Audience.GAP:
            initial.update(audience=Event.Audience.GAP, audience_competency=code)
    return initial


def event_form_initial(*, event: Event) -> dict:
    """The edit form of an event, in local time. Two queries."""
    initial = {f: getattr(event, f) for f in EVENT_FIELDS}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    if event.registration_deadline:
        initial["registration_deadline"] = timezone.localtime(event.registration_deadline)
    initial["competencies"] = list(event.competencies.values_list("pk", flat=True))
    initial["audience_villages"] = list(event.audience_villages.values_list("pk", flat=True))
    return initial
