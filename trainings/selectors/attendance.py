"""Reads of attendance: the attendance sheet, attendance rates, the QR check-in screen and the
trainings a person attended (evidence for the competency profile)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from fokuss import policy
from fokuss.pdf import qr_svg_data_uri
from fokuss.policy import Actor
from fokuss.stats import percent
from members.models import Village

from ..models import Attendance, Certificate, Event, Registration
from .events import audience_ids
from .people import day_bounds, local_date, people_context


def attendance_for(actor: Actor, pk, *, event: Event, action: str = "event.manage") -> Attendance:
    """An attendance row of ``event`` (a row of another event is 404)."""
    return policy.fetch(actor, action, Attendance.objects.select_related("event", "person").filter(event=event),
                        pk=pk)


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
    certificate_id: int | None = None  # its PDF: trainings:certificate_pdf


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
        ((p, e), (n, pk)) for p, e, n, pk in Certificate.objects.filter(person_id__in=person_ids, event_id__in=event_ids)
        .values_list("person_id", "event_id", "number", "pk")
    )
    for person_id, event_id, title, kind, starts_at, hours, status, pre, post in rows:
        result[person_id].append(TrainingEvidence(
            event_id=event_id, title=title, kind=kind, date=local_date(starts_at),
            hours=float(hours or 0), competency_codes=tuple(codes.get(event_id, ())), attendance_status=status,
            pre_score=float(pre) if pre is not None else None, post_score=float(post) if post is not None else None,
            certificate_number=certificates.get((person_id, event_id), (None, None))[0],
            certificate_id=certificates.get((person_id, event_id), (None, None))[1],
        ))
    return result


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
    """Everyone invited or recorded, with their RSVP and attendance (7 queries); for a meeting
    recorded as held, with nobody invited, the audience on the day of the meeting (9 queries)."""
    registrations = {r.person_id: r for r in event.registrations.select_related("person")}
    attendances = {a.person_id: a for a in event.attendances.select_related("person", "village")}
    ids = set(registrations) | set(attendances)
    expected: dict[int, Any] = {}
    if event.status == Event.Status.HELD:
        audience = set(audience_ids(event=event, day=local_date(event.starts_at))) - ids
        expected = {u.pk: u for u in get_user_model().objects.filter(pk__in=audience)}
        ids |= set(expected)
    context = people_context(forum=event.forum, person_ids=ids - set(attendances),
                             day=local_date(event.starts_at))
    villages = dict(Village.objects.filter(pk__in={v for v, _l in context.values() if v}).values_list("pk", "name"))
    rows = []
    for pk in ids:
        reg, att = registrations.get(pk), attendances.get(pk)
        if att is not None:
            person = att.person
            village_name, position = (att.village.name if att.village else ""), att.position_label
        else:
            person = registrations[pk].person if pk in registrations else expected[pk]
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
    lo, hi = day_bounds(start, end)
    base = Attendance.objects.filter(event__forum=forum, event__starts_at__gte=lo, event__starts_at__lt=hi)
    people: dict[int, dict] = {}
    villages: dict[int, dict] = {}

    def tally(into: dict[int, dict], key: int, label: str, sub: str | None, status: str, n: int) -> None:
        counts = into.setdefault(key, {"label": label, "subs": set(), "hadir": 0, "izin": 0, "sakit": 0, "alpa": 0})
        counts[status] += n
        if sub:
            counts["subs"].add(sub)

    for person_id, name, village_id, village_name, status, n in (
        base.values_list("person_id", "person__full_name", "village_id", "village__name", "status")
        .annotate(n=Count("pk")).order_by()
    ):
        tally(people, person_id, name, village_name, status, n)
        if village_id:
            tally(villages, village_id, village_name, name, status, n)
    events = Event.objects.filter(forum=forum, starts_at__gte=lo, starts_at__lt=hi,
                                  status__in=Event.TAKES_PLACE).count()

    def rows(data):
        out = [RateRow(key=k, label=d["label"], sub=", ".join(sorted(d["subs"])), hadir=d["hadir"], izin=d["izin"],
                       sakit=d["sakit"], alpa=d["alpa"]) for k, d in data.items()]
        return sorted(out, key=lambda r: (-(r.rate_unexcused or 0), r.label))

    return rows(people), rows(villages), events


def checkin_screen(*, event: Event, url: str) -> dict:
    """The organiser's check-in screen: the QR code of ``url`` (the check-in link with the
    current code), when it expires and how many are present. One query."""
    return {"event": event, "checkin_url": url, "qr": qr_svg_data_uri(text=url, size_mm=60),
            "expires_at": event.checkin_expires_at,
            "present": event.attendances.filter(status=Attendance.Status.HADIR).count()}


def checkin_code_valid(*, event: Event, code: str, now: datetime.datetime | None = None) -> bool:
    """Whether ``code`` is the event's current, unexpired check-in code."""
    now = now or timezone.now()
    expires = event.checkin_expires_at
    return bool(code) and code == event.checkin_code and expires is not None and expires > now
