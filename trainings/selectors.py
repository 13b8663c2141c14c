"""Reads for trainings. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

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
