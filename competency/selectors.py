"""Reads for competency. Each function runs a fixed number of queries, whatever the number of
villages, people or rounds."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from members.models import SecretaryTenure

from .models import Assessment

LATEST_FIRST = ("-assessed_on", "-validated_at", "-pk")


def _latest_validated_level(*, person_ref, competency_code: str):
    return Subquery(
        Assessment.objects.filter(
            person_id=person_ref, competency__code=competency_code, status=Assessment.Status.VALIDATED
        ).order_by(*LATEST_FIRST).values("level")[:1]
    )


def people_with_gap(*, forum, competency_code: str, max_level: int = 2) -> list[int]:
    """User ids of the forum's serving secretaries whose current level (latest validated
    assessment) in the competency ``competency_code`` is <= ``max_level``. Secretaries never
    assessed in that competency are not included (their level is unknown). One query."""
    rows = (
        SecretaryTenure.objects.open()
        .filter(village__district_id=forum.district_id)
        .annotate(level=_latest_validated_level(person_ref=OuterRef("user_id"), competency_code=competency_code))
        .filter(level__isnull=False, level__lte=max_level)
        .order_by("village__name")
        .values_list("user_id", flat=True)
    )
    return list(dict.fromkeys(rows))
