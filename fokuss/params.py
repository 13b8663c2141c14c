"""Reading month, year, date and id query parameters with bounds.

Every list page that takes ``?bulan=``, ``?tahun=``, ``?dari=``, ``?sampai=`` or an id reads it
here: a value that is malformed or out of range (year 1, year 9999, NaN, 20 digits) falls back to
the default and, when a request is given, leaves a clear Indonesian message on the page. Nothing
out of range ever reaches date arithmetic or the database.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.utils.translation import gettext as _

YEAR_MIN = 2000
YEARS_AHEAD = 5
ID_MAX = 2**63 - 1


def year_range(today: datetime.date) -> tuple[int, int]:
    """The years a page may show: 2000 up to five years after today."""
    return YEAR_MIN, today.year + YEARS_AHEAD


def _warn(request, text: str) -> None:
    if request is not None and hasattr(request, "_messages"):
        messages.warning(request, text)


def _out_of_range(request, raw: str, today: datetime.date) -> None:
    lo, hi = year_range(today)
    _warn(request, _("\"%(value)s\" tidak dapat dipakai: pilih tahun antara %(lo)d dan %(hi)d. "
                     "Ditampilkan nilai bawaan.") % {"value": raw[:40], "lo": lo, "hi": hi})


def parse_year(raw: str | None, *, today: datetime.date) -> int | None:
    """A year within year_range(today), or None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4):
        return None
    lo, hi = year_range(today)
    year = int(raw)
    return year if lo <= year <= hi else None


def parse_month(raw: str | None, *, today: datetime.date) -> datetime.date | None:
    """``YYYY-MM`` -> the first day of that month within year_range(today), or None."""
    raw = (raw or "").strip()
    year, sep, month = raw.partition("-")
    if not sep or parse_year(year, today=today) is None or not (month.isascii() and month.isdigit()) \
            or len(month) > 2 or not 1 <= int(month) <= 12:
        return None
    return datetime.date(int(year), int(month), 1)


def parse_date(raw: str | None, *, today: datetime.date) -> datetime.date | None:
    """``YYYY-MM-DD`` within year_range(today), or None."""
    raw = (raw or "").strip()
    if not raw.isascii() or len(raw) != 10:
        return None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return None
    lo, hi = year_range(today)
    return day if lo <= day.year <= hi else None


def parse_id(raw: str | None) -> int | None:
    """A positive database id (fits a 64-bit integer), or None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= ID_MAX else None


def year_param(request, name: str = "tahun", *, default: int, today: datetime.date,
               allowed: range | None = None) -> int:
    """The year in ``request.GET[name]``; a bad or out-of-range value gives ``default`` and a
    message. ``allowed`` narrows the range further (e.g. the years since the forum was founded)."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    year = parse_year(raw, today=today)
    if year is None or (allowed is not None and year not in allowed):
        _out_of_range(request, raw, today)
        return default
    return year


def month_param(request, name: str = "bulan", *, today: datetime.date) -> datetime.date:
    """The first day of the month in ``request.GET[name]`` (``YYYY-MM``), else of this month."""
    raw = request.GET.get(name, "")
    default = today.replace(day=1)
    if not raw:
        return default
    first = parse_month(raw, today=today)
    if first is None:
        _warn(request, _("Bulan \"%(value)s\" tidak dapat dipakai: tulis seperti %(example)s, tahun %(lo)d–%(hi)d. "
                         "Ditampilkan bulan ini.")
              % {"value": raw[:40], "example": default.strftime("%Y-%m"), "lo": year_range(today)[0],
                 "hi": year_range(today)[1]})
        return default
    return first


def date_param(request, name: str, *, default: datetime.date, today: datetime.date) -> datetime.date:
    """The date in ``request.GET[name]`` (``YYYY-MM-DD``), else ``default`` (with a message when
    something was given)."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    day = parse_date(raw, today=today)
    if day is None:
        _warn(request, _("Tanggal \"%(value)s\" tidak dapat dipakai: tulis seperti %(example)s, tahun %(lo)d–%(hi)d.")
              % {"value": raw[:40], "example": today.isoformat(), "lo": year_range(today)[0],
                 "hi": year_range(today)[1]})
        return default
    return day


def id_param(request, name: str) -> int | None:
    """A database id in ``request.GET[name]``, or None (malformed, zero, negative, too large)."""
    return parse_id(request.GET.get(name))


def step_param(request, name: str = "langkah", *, count: int) -> int | None:
    """A step number 1..``count`` in ``request.GET[name]`` (a page shown one part at a time), or
    None: absent, malformed or out of range (then with a message; the page shows its overview)."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    step = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 0
    if not 1 <= step <= count:
        _warn(request, _("Langkah \"%(value)s\" tidak ada: pilih 1 sampai %(count)d. Ditampilkan daftar lengkap.")
              % {"value": raw[:40], "count": count})
        return None
    return step
