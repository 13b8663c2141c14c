"""Report periods: a year, a semester or a quarter (triwulan); parsing the one asked for and
the choices for the picker."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ROMAN = ("I", "II", "III", "IV")


_PERIOD_RE = re.compile(r"^(\d{4})(?:-([ST])(\d))?$")


@dataclass(frozen=True)
class Period:
    """A calendar year (``2026``), a semester (``2026-S2``) or a quarter, triwulan (``2026-T3``)."""

    year: int
    kind: str = ""  # "" (year), "S" (semester), "T" (triwulan)
    index: int = 0

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}{self.index}" if self.kind else str(self.year)

    @property
    def months(self) -> int:
        return {"": 12, "S": 6, "T": 3}[self.kind]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 + (self.index - 1) * self.months if self.kind else 1, 1)

    @property
    def end(self) -> datetime.date:
        month = self.start.month + self.months
        first_after = datetime.date(self.year + 1, 1, 1) if month > 12 else datetime.date(self.year, month, 1)
        return first_after - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == "T":
            return _("Triwulan %(n)s Tahun %(y)s") % {"n": ROMAN[self.index - 1], "y": self.year}
        if self.kind == "S":
            return _("Semester %(n)s Tahun %(y)s") % {"n": ROMAN[self.index - 1], "y": self.year}
        return _("Tahun %(y)s") % {"y": self.year}

    def previous(self) -> Period:
        if not self.kind:
            return Period(self.year - 1)
        per_year = 12 // self.months
        return Period(self.year, self.kind, self.index - 1) if self.index > 1 else Period(self.year - 1, self.kind, per_year)


def current_period(*, today: datetime.date) -> Period:
    """The default: the quarter of today."""
    return Period(today.year, "T", (today.month - 1) // 3 + 1)


def parse_period(raw: str, *, forum, today: datetime.date) -> Period:
    """``2026``, ``2026-S2`` or ``2026-T3`` within the forum's life: not starting after today and
    not ending before the forum was founded. Anything else: a ValidationError in Indonesian."""
    match = _PERIOD_RE.match((raw or "").strip().upper())
    if not match:
        raise ValidationError(_("Periode \"%(raw)s\" tidak dikenal. Tulis tahun (2026), semester (2026-S2) "
                                "atau triwulan (2026-T3).") % {"raw": (raw or "")[:20]})
    year, kind, index = int(match[1]), match[2] or "", int(match[3] or 0)
    if (kind == "S" and not 1 <= index <= 2) or (kind == "T" and not 1 <= index <= 4):
        raise ValidationError(_("Semester ditulis S1 atau S2, triwulan T1 sampai T4."))
    if not 1900 <= year <= 9999:
        raise ValidationError(_("Tahun %(y)s di luar jangkauan.") % {"y": year})
    period = Period(year, kind, index)
    if period.start > today:
        raise ValidationError(_("%(p)s belum dimulai: laporan hanya untuk periode yang sudah berjalan.")
                              % {"p": period.label})
    if forum.founded_on and period.end < forum.founded_on:
        raise ValidationError(_("%(p)s sebelum %(forum)s berdiri (%(d)s).")
                              % {"p": period.label, "forum": forum.short_name, "d": forum.founded_on.strftime("%d-%m-%Y")})
    return period


def period_choices(*, forum, today: datetime.date) -> list[tuple[int, list[Period]]]:
    """Per year (newest first) the year, its semesters and quarters that have begun, for the picker."""
    first = forum.founded_on.year if forum.founded_on else today.year - 10
    out = []
    for year in range(today.year, first - 1, -1):
        items = [Period(year)] + [Period(year, "S", i) for i in (1, 2)] + [Period(year, "T", i) for i in (1, 2, 3, 4)]
        out.append((year, [p for p in items if p.start <= today]))
    return out
