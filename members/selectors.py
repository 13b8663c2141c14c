"""Reads for members. Each returns a fixed number of queries whatever the number of villages."""

from __future__ import annotations

import base64
import datetime
import mimetypes
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    BoardPosition,
    FacilitatorAssignment,
    Forum,
    SecretaryTenure,
    User,
    Village,
)


@dataclass(frozen=True)
class DirectoryRow:
    village: Village
    tenure: SecretaryTenure | None

    @property
    def secretary(self) -> User | None:
        return self.tenure.user if self.tenure else None


def forum_villages(*, forum: Forum) -> QuerySet[Village]:
    return Village.objects.filter(district_id=forum.district_id).order_by("name")


def vacant_villages(*, forum: Forum) -> QuerySet[Village]:
    """Villages of the forum with no serving secretary."""
    return forum_villages(forum=forum).exclude(pk__in=SecretaryTenure.objects.open().values("village_id"))


def directory_rows(*, forum: Forum, search: str = "") -> list[DirectoryRow]:
    """The forum's villages with their serving secretary (2 queries)."""
    villages = forum_villages(forum=forum).prefetch_related(
        Prefetch(
            "tenures",
            queryset=SecretaryTenure.objects.open().select_related("user"),
            to_attr="open_tenures",
        )
    )
    if search:
        villages = villages.filter(
            Q(name__icontains=search)
            | Q(tenures__ended_on__isnull=True, tenures__user__full_name__icontains=search)
        ).distinct()
    return [DirectoryRow(village=v, tenure=(v.open_tenures[0] if v.open_tenures else None)) for v in villages]


def village_for_forum(*, code: str) -> Village:
    return Village.objects.select_related("district__regency__province", "district__forum").get(code=code)


def village_tenures(*, village: Village) -> list[SecretaryTenure]:
    return list(village.tenures.select_related("user").order_by("-started_on"))


def village_facilitators(*, village: Village, today: datetime.date | None = None) -> list[FacilitatorAssignment]:
    today = today or timezone.localdate()
    return list(
        village.facilitator_assignments.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("user")
    )


def board_current(*, forum: Forum, today: datetime.date | None = None) -> list[BoardPosition]:
    today = today or timezone.localdate()
    order = {p: i for i, p in enumerate(BoardPosition.Position.values)}
    rows = list(
        forum.board_positions.filter(period_start__lte=today, period_end__gte=today).select_related("user")
    )
    return sorted(rows, key=lambda b: (order.get(b.position, 99), b.field, b.user.full_name))


def forum_letterhead(*, forum: Forum) -> dict:
    """What official documents print in their letterhead (kop surat): the forum's lines and its
    logo as a data URL (WeasyPrint loads nothing from outside), plus the place for the date line.
    The template is ``pdf/_kop.html``."""
    logo = ""
    if forum.logo:
        try:
            with forum.logo.open("rb") as fh:
                data = fh.read()
        except OSError:
            data = b""
        if data:
            mime = mimetypes.guess_type(forum.logo.name)[0] or "image/png"
            logo = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    lines = forum.letterhead_lines or [forum.name, f"Kecamatan {forum.district.name}", forum.address]
    return {"forum": forum, "kop_lines": [line for line in lines if line], "kop_logo": logo,
            "place": forum.district.name}


def board_signatory(*, forum: Forum, position: str, today: datetime.date | None = None) -> User | None:
    """Who signs as ketua / sekretaris on official documents on a given day."""
    today = today or timezone.localdate()
    row = (
        forum.board_positions.filter(position=position, period_start__lte=today, period_end__gte=today)
        .select_related("user")
        .first()
    )
    return row.user if row else None


def forum_summary(*, forum: Forum) -> dict[str, int]:
    """Counts for the board and camat dashboards (3 queries)."""
    villages = forum_villages(forum=forum)
    open_tenures = SecretaryTenure.objects.open().filter(village__district_id=forum.district_id)
    return {
        "villages": villages.count(),
        "filled": open_tenures.count(),
        "acting": open_tenures.exclude(status=SecretaryTenure.Status.DEFINITIF).count(),
    }


def tenure_of_user(*, user: User) -> SecretaryTenure | None:
    return SecretaryTenure.objects.open().filter(user=user).select_related("village__district").first()
