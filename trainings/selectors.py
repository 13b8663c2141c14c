"""Reads for trainings. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from fokuss.stats import percent
from members.selectors import forum_letterhead

from .models import Attendance, Certificate, Event

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


def trainings_attended(*, person_ids: list[int]) -> dict[int, list[TrainingEvidence]]:
    """Per person, the trainings (pelatihan/bimtek, studi banding, musyawarah kerja) with an
    attendance record, newest first: hours, target competencies, attendance status, pre/post test
    scores and the certificate number. Three queries whatever the number of people or events."""
    person_ids = list(person_ids)
    result: dict[int, list[TrainingEvidence]] = {pk: [] for pk in person_ids}
    if not person_ids:
        return result
    rows = list(
        Attendance.objects.filter(person_id__in=person_ids, event__kind__in=EVIDENCE_KINDS)
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
    from django.db.models import Count, OuterRef, Q, Subquery

    from .models import Registration

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
    from .models import Registration
    from .services import people_context

    registrations = {r.person_id: r for r in event.registrations.select_related("person")}
    attendances = {a.person_id: a for a in event.attendances.select_related("person", "village")}
    ids = set(registrations) | set(attendances)
    context = people_context(forum=event.forum, person_ids=ids - set(attendances),
                             day=timezone.localtime(event.starts_at).date())
    from members.models import Village

    villages = dict(Village.objects.filter(pk__in={v for v, _l in context.values() if v}).values_list("pk", "name"))
    rows = []
    for pk in ids:
        reg, att = registrations.get(pk), attendances.get(pk)
        person = (att or reg).person
        if att is not None:
            village_name, position = (att.village.name if att.village else ""), att.position_label
        else:
            village_id, position = context[pk]
            village_name = villages.get(village_id, "")
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
    from django.db.models import Count

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
    from fokuss.pdf import qr_svg_data_uri

    from .services import verify_url

    return qr_svg_data_uri(text=verify_url(code))


def invitation_context(*, event: Event, document) -> dict:
    from fokuss.terbilang import tanggal, tanggal_panjang
    from members.selectors import board_signatory

    from .services import people_context, verify_url

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
    from django.db.models import Prefetch

    from fokuss.terbilang import tanggal, tanggal_terbilang

    from .models import FollowUp

    event = minutes.event
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner"))))
    attendance = list(event.attendances.select_related("person", "village").order_by("village__name",
                                                                                      "person__full_name"))
    present = [a for a in attendance if a.status == Attendance.Status.HADIR]
    issued_on = document.issued_on if document else timezone.localdate()
    from .services import verify_url

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
    from fokuss.terbilang import tanggal
    from members.selectors import board_signatory

    from .services import verify_url

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
    from django.db.models import Count

    from .models import Certificate, Feedback, IssuedDocument, Minutes, Registration

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
    from django.db.models import Prefetch

    from .models import FollowUp, IssuedDocument

    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "action_item"))))
    revisions = list(minutes.event.minutes.order_by("-revision"))
    return {"items": items, "revisions": revisions, "latest": revisions[0],
            "document": IssuedDocument.objects.filter(minutes=minutes).first(),
            "attendance": list(minutes.event.attendances.select_related("person", "village")
                               .order_by("village__name", "person__full_name"))}


def certificates_page(*, event: Event) -> dict:
    from django.db.models import Avg, Count

    from .models import Certificate, CertificateRun, Feedback

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
    from django.db.models import Exists, OuterRef

    from .models import Minutes

    final = Minutes.objects.filter(event_id=OuterRef("pk"), status=Minutes.Status.FINAL)
    return list(Event.objects.filter(forum=forum, status=Event.Status.PUBLISHED, ends_at__lt=now,
                                     ends_at__gte=now - datetime.timedelta(days=180))
                .exclude(Exists(final)).order_by("-ends_at")[:5])
