"""Calendar arithmetic shared by the apps."""

from __future__ import annotations

import calendar
import datetime


def clamp_date(year: int, month: int, day: int) -> datetime.date:
    """The date, with the day cut back to the month's last day (31 February -> 28/29)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months (negative goes back), the day of month clamped."""
    index = day.month - 1 + months
    return clamp_date(day.year + index // 12, index % 12 + 1, day.day)
