"""Reads for trainings. Each runs a fixed number of queries whatever the number of rows.

Views fetch objects through the per-entity helpers below (``event_for``, ``minutes_for`` ...),
which fetch and check in one call through ``fokuss.policy.fetch``."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.models import Competency, Framework
from fokuss import policy
from fokuss.pdf import qr_svg_data_uri
from fokuss.policy import Actor
from fokuss.stats import percent
from fokuss.terbilang import tanggal, tanggal_panjang, tanggal_terbilang
from members.models import BoardPosition, FacilitatorAssignment, KecamatanStaff, SecretaryTenure, Village
from members.selectors import board_signatory, forum_letterhead

from .models import (
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    Feedback,
    FollowUp,
    IssuedDocument,
    Material,
    Minutes,
    Registration,
    Speaker,
)

# Small helpers ------------------------------------------------------------------------------------

def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def event_url(event_or_pk) -> str:
    pk = getattr(event_or_pk, "pk", event_or_pk)
    return reverse("trainings:event_detail", args=[pk])


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("trainings:verify", args=[code])


def people_context(*, forum, person_ids: Iterable[int], day: datetime.date) -> dict[int, tuple[int | None, str]]:
    """Per person, (village id, position label) on a day: the snapshot kept on attendance rows
    for the daftar hadir. Four queries whatever the number of people."""
    ids = set(person_ids)
    result: dict[int, tuple[int | None, str]] = {pk: (None, _("Peserta")) for pk in ids}
    for user_id, label in FacilitatorAssignment.objects.held_on(day).filter(user_id__in=ids).values_list(
            "user_id", "role"):
        result[user_id] = (None, str(FacilitatorAssignment.Role(label).label))
    for user_id, position in KecamatanStaff.objects.held_on(day).filter(
            user_id__in=ids, district_id=forum.district_id).values_list("user_id", "position"):
        result[user_id] = (None, str(KecamatanStaff.Position(position).label))
    village_of: dict[int, tuple[int, str]] = {}
    for user_id, village_id, status in SecretaryTenure.objects.held_on(day).filter(
            user_id__in=ids).values_list("user_id", "village_id", "status"):
        acting = {"plt": "Plt. ", "pj": "Pj. "}.get(status, "")
        village_of[user_id] = (village_id, f"{acting}{_('Sekretaris Desa')}")
        result[user_id] = village_of[user_id]
    for user_id, position, field in BoardPosition.objects.held_on(day).filter(
            forum=forum, user_id__in=ids).values_list("user_id", "position", "field"):
        village_id = village_of.get(user_id, (None, ""))[0]
        label = str(BoardPosition.Position(position).label) + (f" {field}" if field else "")
        result[user_id] = (village_id, f"{label} {forum.short_name}")
    return result


# Fetch-and-check (one call: the object, or 404 / 403) --------------------------------------------

def event_for(actor: Actor, pk, action: str = "event.view") -> Event:
    """An event the actor may do ``action`` on; a draft is seen only by the board ("event.view")."""
    return policy.fetch(actor, action, Event.objects.select_related("forum__district"), pk=pk)


def minutes_for(actor: Actor, pk, action: str = "minutes.view") -> Minutes:
    """Minutes the actor may do ``action`` on; "minutes.view" reads the status (final for every
    member, a draft for the board, the camat office and the notulis)."""
    return policy.fetch(actor, action, Minutes.objects.select_related("event__forum__district", "chair", "notulis"),
                        pk=pk)


def material_for(actor: Actor, pk, action: str = "material.download") -> Material:
    return policy.fetch(actor, action, Material.objects.select_related("event"), pk=pk)


def speaker_for(actor: Actor, pk, action: str = "event.manage") -> Speaker:
    return policy.fetch(actor, action, Speaker.objects.select_related("event"), pk=pk)


def certificate_for(actor: Actor, pk, action: str = "certificate.view") -> Certificate:
    return policy.fetch(actor, action, Certificate.objects.select_related("event", "document"), pk=pk)


def attendance_for(actor: Actor, pk, *, event: Event, action: str = "event.manage") -> Attendance:
    """An attendance row of ``event`` (a row of another event is 404)."""
    return policy.fetch(actor, action, Attendance.objects.select_related("event", "person").filter(event=event),
                        pk=pk)


# Kinds that count as evidence of learning in a competency profile (monthly meetings do not).
EVIDENCE_KINDS = (Event.Kind.PELATIHAN, Event.Kind.STUDI_BANDING, Event.Kind.MUSKER)


@dataclass(frozen=True)
class TrainingEvidence:
    event_id: int
    title: str
    kind: str
    date: datetime.date
    hours: float
    competency_codes: tuple[str, ...]
    attendance_status: str
    pre_score: float | None
    post_score: float | None
    certificate_number: str | None


def trainings_attended(*, person_ids: list[int], forum=None) -> dict[int, list[TrainingEvidence]]:
    """Per person, the trainings (pelatihan/bimtek, studi banding, musyawarah kerja) with an
    attendance record, newest first: hours, target competencies, attendance status, pre/post test
    scores and the certificate number; only ``forum``'s events when given (what another forum's
    board may see). Three queries whatever the number of people or events."""
    person_ids = list(person_ids)
    result: dict[int, list[TrainingEvidence]] = {pk: [] for pk in person_ids}
    if not person_ids:
        return result
    attendances = Attendance.objects.filter(person_id__in=person_ids, event__kind__in=EVIDENCE_KINDS)
    if forum is not None:
        attendances = attendances.filter(event__forum=forum)
    rows = list(
        attendances
        .exclude(event__status=Event.Status.CANCELLED)
        .values_list("person_id", "event_id", "event__title", "event__kind", "event__starts_at", "event__hours",
                     "status", "pre_score", "post_score")
        .order_by("-event__starts_at", "event_id")
    )
    event_ids = {r[1] for r in rows}
    codes: dict[int, list[str]] = defaultdict(list)
    for event_id, code in (
        Event.competencies.through.objects.filter(event_id__in=event_ids)
        .values_list("event_id", "competency__code").order_by("competency__position", "competency__code")
    ):
        codes[event_id].append(code)
    certificates = dict(
        ((p, e), n) for p, e, n in Certificate.objects.filter(person_id__in=person_ids, event_id__in=event_ids)
        .values_list("person_id", "event_id", "number")
    )
    for person_id, event_id, title, kind, starts_at, hours, status, pre, post in rows:
        result[person_id].append(TrainingEvidence(
            event_id=event_id, title=title, kind=kind, date=timezone.localtime(starts_at).date(),
            hours=float(hours or 0), competency_codes=tuple(codes.get(event_id, ())), attendance_status=status,
            pre_score=float(pre) if pre is not None else None, post_score=float(post) if post is not None else None,
            certificate_number=certificates.get((person_id, event_id)),
        ))
    return result


# Pages --------------------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class SheetRow:
    person_id: int
    name: str
    whatsapp_link: str
    village_name: str
    position: str
    response: str
    response_label: str
    reason: str
    attendance: object | None


def attendance_sheet(*, event: Event) -> list[SheetRow]:
    """Everyone invited or recorded, with their RSVP and attendance (7 queries)."""
    registrations = {r.person_id: r for r in event.registrations.select_related("person")}
    attendances = {a.person_id: a for a in event.attendances.select_related("person", "village")}
    ids = set(registrations) | set(attendances)
    context = people_context(forum=event.forum, person_ids=ids - set(attendances),
                             day=timezone.localtime(event.starts_at).date())
    villages = dict(Village.objects.filter(pk__in={v for v, _l in context.values() if v}).values_list("pk", "name"))
    rows = []
    for pk in ids:
        reg, att = registrations.get(pk), attendances.get(pk)
        if att is not None:
            person = att.person
            village_name, position = (att.village.name if att.village else ""), att.position_label
        else:
            person = registrations[pk].person
            village_id, position = context[pk]
            village_name = villages.get(village_id, "") if village_id else ""
        response = reg.response if reg else ""
        rows.append(SheetRow(person_id=pk, name=person.full_name, whatsapp_link=person.whatsapp_link,
                             village_name=village_name, position=position, response=response,
                             response_label=str(Registration.Response(response).label) if response else "",
                             reason=reg.reason if reg else "", attendance=att))
    return sorted(rows, key=lambda r: (r.village_name or "~", r.name))


@dataclass(frozen=True)
class RateRow:
    key: int
    label: str
    sub: str
    hadir: int
    izin: int
    sakit: int
    alpa: int

    @property
    def total(self) -> int:
        return self.hadir + self.izin + self.sakit + self.alpa

    @property
    def excused(self) -> int:
        return self.izin + self.sakit

    @property
    def rate(self) -> float | None:
        """Share of events attended, all absences counted."""
        return percent(self.hadir, self.total)

    @property
    def rate_unexcused(self) -> float | None:
        """Share attended among the events the person was expected at: izin and sakit are left
        out, only alpa counts against them."""
        return percent(self.hadir, self.hadir + self.alpa)


def attendance_rates(*, forum, start: datetime.date, end: datetime.date) -> tuple[list[RateRow], list[RateRow], int]:
    """Attendance per secretary (person) and per village over a period, and the number of events.
    Two queries."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    base = Attendance.objects.filter(event__forum=forum, event__starts_at__gte=lo, event__starts_at__lt=hi)
    people: dict[int, dict] = {}
    villages: dict[int, dict] = {}
    for person_id, name, village_id, village_name, status, n in (
        base.values_list("person_id", "person__full_name", "village_id", "village__name", "status")
        .annotate(n=Count("pk")).order_by()
    ):
        p = people.setdefault(person_id, {"label": name, "subs": set(), "hadir": 0, "izin": 0, "sakit": 0, "alpa": 0})
        p[status] += n
        if village_name:
            p["subs"].add(village_name)
        if village_id:
            v = villages.setdefault(village_id, {"label": village_name, "subs": set(), "hadir": 0, "izin": 0,
                                                 "sakit": 0, "alpa": 0})
            v[status] += n
            v["subs"].add(name)
    events = Event.objects.filter(forum=forum, starts_at__gte=lo, starts_at__lt=hi,
                                  status=Event.Status.PUBLISHED).count()

    def rows(data):
        out = [RateRow(key=k, label=d["label"], sub=", ".join(sorted(d["subs"])), hadir=d["hadir"], izin=d["izin"],
                       sakit=d["sakit"], alpa=d["alpa"]) for k, d in data.items()]
        return sorted(out, key=lambda r: (-(r.rate_unexcused or 0), r.label))

    return rows(people), rows(villages), events


# Documents (PDF contexts) -------------------------------------------------------------------------

def _qr(code: str) -> str:
    return qr_svg_data_uri(text=verify_url(code))


def invitation_context(*, event: Event, document) -> dict:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    invitees = []
    if event.audience != Event.Audience.ALL:
        registrations = list(event.registrations.select_related("person").order_by("person__full_name"))
        context = people_context(forum=event.forum, person_ids=[r.person_id for r in registrations],
                                 day=document.issued_on)
        invitees = [(r.person.full_name, context[r.person_id][1]) for r in registrations]
    return {
        **forum_letterhead(forum=event.forum), "event": event, "document": document, "qr": _qr(document.code),
        "invitees": invitees,
        "tanggal_surat": tanggal(document.issued_on),
        "hari_tanggal": tanggal_panjang(start.date()) + (
            f" s.d. {tanggal_panjang(end.date())}" if end.date() != start.date() else ""),
        "waktu": f"{start:%H.%M} – {end:%H.%M} WIB",
        "hal": event.invitation_subject or f"Undangan {event.get_kind_display()}",
        "speakers": list(event.speakers.select_related("user")),
        "ketua": board_signatory(forum=event.forum, position="ketua", today=document.issued_on),
        "sekretaris": board_signatory(forum=event.forum, position="sekretaris", today=document.issued_on),
        "verify_url": verify_url(document.code),
    }


def minutes_context(*, minutes, document=None) -> dict:
    """Everything the notulen PDF shows; a draft (no document) renders with a DRAF mark and no QR.
    A fixed number of queries whatever the number of agenda items or participants."""
    event = minutes.event
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner"))))
    attendance = list(event.attendances.select_related("person", "village").order_by("village__name",
                                                                                      "person__full_name"))
    present = [a for a in attendance if a.status == Attendance.Status.HADIR]
    issued_on = document.issued_on if document else timezone.localdate()
    return {
        **forum_letterhead(forum=event.forum), "minutes": minutes, "event": event, "document": document,
        "qr": _qr(document.code) if document else "", "verify_url": verify_url(document.code) if document else "",
        "pembuka": tanggal_terbilang(start.date()),
        "waktu": f"{start:%H.%M} – {end:%H.%M} WIB",
        "items": items,
        "follow_ups": [(item, f) for item in items for f in item.follow_ups.all()],
        "attendance": attendance, "present_count": len(present),
        "excused_count": sum(1 for a in attendance if a.status in Attendance.EXCUSED),
        "tanggal_surat": tanggal(issued_on),
        "chair": minutes.chair, "notulis": minutes.notulis,
    }


def certificate_context(*, certificate, attendance) -> dict:
    event = certificate.event
    start, end = timezone.localtime(event.starts_at).date(), timezone.localtime(event.ends_at).date()
    period = tanggal(start) if start == end else f"{tanggal(start)} s.d. {tanggal(end)}"
    hours = event.hours
    return {
        **forum_letterhead(forum=event.forum), "certificate": certificate, "event": event, "person": attendance.person,
        "village": attendance.village, "position": attendance.position_label, "period": period,
        "hours": (int(hours) if hours is not None and hours == int(hours) else hours),
        "competencies": list(event.competencies.all()),
        "tanggal_surat": tanggal(certificate.document.issued_on),
        "qr": _qr(certificate.document.code), "verify_url": verify_url(certificate.document.code),
        "ketua": board_signatory(forum=event.forum, position="ketua", today=certificate.document.issued_on),
        "sekretaris": board_signatory(forum=event.forum, position="sekretaris", today=certificate.document.issued_on),
    }


def event_page(*, event: Event, user, with_people: bool) -> dict:
    """What the event page shows (a fixed number of queries)."""
    counts = dict(event.registrations.values_list("response").annotate(n=Count("pk")).order_by())
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


def minutes_page(*, minutes) -> dict:
    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "action_item"))))
    revisions = list(minutes.event.minutes.order_by("-revision"))
    return {"items": items, "revisions": revisions, "latest": revisions[0], "is_latest": revisions[0].pk == minutes.pk,
            "document": IssuedDocument.objects.filter(minutes=minutes).first(),
            "attendance": list(minutes.event.attendances.select_related("person", "village")
                               .order_by("village__name", "person__full_name"))}


def certificates_page(*, event: Event) -> dict:
    feedback = event.feedback.aggregate(avg=Avg("rating"), n=Count("pk"))
    return {
        "issued": list(Certificate.objects.filter(event=event).select_related("person", "village")
                       .order_by("number")),
        "attendees": event.attendances.filter(status=Attendance.Status.HADIR).count(),
        "run": CertificateRun.objects.filter(event=event).order_by("-created_at").first(),
        "feedback": list(Feedback.objects.filter(event=event).select_related("person")[:100]),
        "feedback_avg": feedback["avg"], "feedback_n": feedback["n"],
        "scores": list(event.attendances.filter(status=Attendance.Status.HADIR).select_related("person", "village")
                       .order_by("village__name", "person__full_name")),
    }


def upcoming_for_user(*, forum, user_id: int, now: datetime.datetime, limit: int = 4) -> list[Event]:
    return events_between(forum=forum, start=now, end=now + datetime.timedelta(days=120), user_id=user_id)[:limit]


def minutes_pending(*, forum, now: datetime.datetime) -> list[Event]:
    """Published meetings that have ended without final minutes (newest first). One query."""
    final = Minutes.objects.filter(event_id=OuterRef("pk"), status=Minutes.Status.FINAL)
    return list(Event.objects.filter(forum=forum, status=Event.Status.PUBLISHED, ends_at__lt=now,
                                     ends_at__gte=now - datetime.timedelta(days=180))
                .exclude(Exists(final)).order_by("-ends_at")[:5])


# Pages: lists and the calendar --------------------------------------------------------------------

def event_list_page(*, forum, year: str | int | None, user_id: int | None, include_drafts: bool,
                    now: datetime.datetime | None = None) -> dict:
    """Upcoming events, and the past events of one year (a year out of range falls back to this
    one). Two queries."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
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


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


def calendar_month(*, forum, month: str | None, user_id: int | None, include_drafts: bool,
                   today: datetime.date | None = None) -> dict:
    """A month grid (weeks from Monday) with the events on each day; ``month`` is "YYYY-MM"
    (this month when missing or malformed). One query."""
    today = today or timezone.localdate()
    try:
        first = datetime.date.fromisoformat(f"{month}-01")
    except (TypeError, ValueError):
        first = today.replace(day=1)
    tz = timezone.get_current_timezone()
    grid_start = first - datetime.timedelta(days=first.weekday())
    last = _add_months(first, 1) - datetime.timedelta(days=1)
    grid_end = last + datetime.timedelta(days=6 - last.weekday())
    events = events_between(
        forum=forum, start=datetime.datetime.combine(grid_start, datetime.time.min, tzinfo=tz),
        end=datetime.datetime.combine(grid_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
        user_id=user_id, include_drafts=include_drafts)
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
        "first": first, "weeks": weeks, "today": today, "prev": _add_months(first, -1), "next": _add_months(first, 1),
        "month_events": [e for e in events if local_date(e.starts_at).month == first.month
                         or local_date(e.ends_at).month == first.month],
        "weekdays": [_("Sen"), _("Sel"), _("Rab"), _("Kam"), _("Jum"), _("Sab"), _("Min")],
    }


# Pages: forms and small lookups -------------------------------------------------------------------

EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "venue", "map_url", "online_url",
                "audience", "audience_competency", "capacity", "registration_deadline", "hours", "agenda",
                "invitation_subject")


def event_create_initial(*, forum, competency_code: str = "", audience: str = "") -> dict:
    """The new-event form, prefilled from a training-needs link (``?competency=<code>``, with
    ``audience=gap`` to invite those with a gap). Two queries."""
    initial: dict[str, object] = {"kind": Event.Kind.PELATIHAN, "audience": Event.Audience.ALL}
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


def minutes_form_initial(*, minutes: Minutes) -> dict:
    """The minutes form of a draft: head, agenda items and follow-ups (numbered by item). Two
    queries."""
    items = list(minutes.items.prefetch_related("follow_ups__owner"))
    return {
        "head": {"chair": minutes.chair_id, "notulis": minutes.notulis_id, "opening": minutes.opening,
                 "closing": minutes.closing},
        "items": [{"title": i.title, "discussion": i.discussion, "decision": i.decision} for i in items],
        "follow_ups": [{"item": n, "what": f.what, "owner": f.owner_id, "due_on": f.due_on}
                       for n, i in enumerate(items, start=1) for f in i.follow_ups.all()],
    }


def invitation_document(*, event: Event) -> IssuedDocument | None:
    """The latest invitation letter of the event, when it was issued and stored."""
    document = event.documents.filter(kind=IssuedDocument.Kind.UNDANGAN).order_by("-created_at").first()
    return document if document is not None and document.file else None


def minutes_document(*, minutes: Minutes) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(minutes=minutes).first()


def document_by_code(*, code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.select_related("forum").filter(code=code).first()


def checkin_screen(*, event: Event, url: str) -> dict:
    """The organiser's check-in screen: the QR code of ``url`` (the check-in link with the
    current code), when it expires and how many are present. One query."""
    return {"event": event, "checkin_url": url, "qr": qr_svg_data_uri(text=url, size_mm=60),
            "expires_at": event.checkin_expires_at,
            "present": event.attendances.filter(status=Attendance.Status.HADIR).count()}


def latest_minutes(*, event: Event) -> Minutes | None:
    return event.minutes.order_by("-revision").first()


def latest_certificate_run(*, event: Event) -> CertificateRun | None:
    return event.certificate_runs.order_by("-created_at").first()


def checkin_code_valid(*, event: Event, code: str, now: datetime.datetime | None = None) -> bool:
    """Whether ``code`` is the event's current, unexpired check-in code."""
    now = now or timezone.now()
    expires = event.checkin_expires_at
    return bool(code) and code == event.checkin_code and expires is not None and expires > now
