"""Indonesian spelling of numbers and dates for official documents.

Used in minutes (berita acara) and letters, e.g.::

    >>> tanggal_terbilang(datetime.date(2017, 1, 17))
    'Pada hari ini Selasa tanggal tujuh belas bulan Januari tahun dua ribu tujuh belas'

Day and month names are hard-coded so the output never depends on the active
locale or translation.
"""

from __future__ import annotations

import datetime

__all__ = [
    "NAMA_BULAN",
    "NAMA_HARI",
    "nama_bulan",
    "nama_hari",
    "tanggal",
    "tanggal_panjang",
    "tanggal_terbilang",
    "terbilang",
]

# Index = date.weekday(): Monday is 0.
NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
# Index = month - 1.
NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_SATUAN = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# (value, word) from largest to smallest; "ribu" is special-cased ("seribu").
_SKALA = (
    (10**12, "triliun"),
    (10**9, "miliar"),
    (10**6, "juta"),
    (10**3, "ribu"),
)

_BATAS = 10**15  # up to 999 triliun


def _ratusan(n: int) -> list[str]:
    """Words for 1 <= n <= 999 (empty list for 0)."""
    words: list[str] = []
    ratus, sisa = divmod(n, 100)
    if ratus == 1:
        words.append("seratus")
    elif ratus > 1:
        words += [_SATUAN[ratus], "ratus"]
    if sisa == 0:
        return words
    if sisa < 10:
        words.append(_SATUAN[sisa])
    elif sisa == 10:
        words.append("sepuluh")
    elif sisa == 11:
        words.append("sebelas")
    elif sisa < 20:
        words += [_SATUAN[sisa - 10], "belas"]
    else:
        puluh, satuan = divmod(sisa, 10)
        words += [_SATUAN[puluh], "puluh"]
        if satuan:
            words.append(_SATUAN[satuan])
    return words


def terbilang(n: int) -> str:
    """Spell an integer in Indonesian, lower case.

    >>> terbilang(17)
    'tujuh belas'
    >>> terbilang(2026)
    'dua ribu dua puluh enam'
    >>> terbilang(1_100_000)
    'satu juta seratus ribu'

    Supports |n| < 10**15 (up to "triliun"); negative numbers get "minus".
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang() needs an int, got {type(n).__name__}")
    if n < 0:
        return "minus " + terbilang(-n)
    if n >= _BATAS:
        raise ValueError(f"terbilang() supports numbers below {_BATAS:,}")
    if n == 0:
        return "nol"

    words: list[str] = []
    sisa = n
    for nilai, nama in _SKALA:
        jumlah, sisa = divmod(sisa, nilai)
        if not jumlah:
            continue
        if nama == "ribu" and jumlah == 1:
            words.append("seribu")
        else:
            words += _ratusan(jumlah) + [nama]
    words += _ratusan(sisa)
    return " ".join(words)


def _as_date(d: datetime.date) -> datetime.date:
    if isinstance(d, datetime.datetime):
        # The caller is responsible for converting aware datetimes to local time.
        return d.date()
    if isinstance(d, datetime.date):
        return d
    raise TypeError(f"expected a datetime.date, got {type(d).__name__}")


def nama_hari(d: datetime.date) -> str:
    """Indonesian weekday name, e.g. 'Selasa'."""
    return NAMA_HARI[_as_date(d).weekday()]


def nama_bulan(month: int) -> str:
    """Indonesian month name for 1..12, e.g. 'Januari'."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return NAMA_BULAN[month - 1]


def tanggal(d: datetime.date) -> str:
    """'17 Januari 2017' (no weekday), as used after the place in a letter."""
    d = _as_date(d)
    return f"{d.day} {nama_bulan(d.month)} {d.year}"


def tanggal_panjang(d: datetime.date) -> str:
    """'Selasa, 17 Januari 2017'."""
    d = _as_date(d)
    return f"{nama_hari(d)}, {tanggal(d)}"


def tanggal_terbilang(d: datetime.date) -> str:
    """Opening phrase of a berita acara, with day, date and year spelled out.

    >>> tanggal_terbilang(datetime.date(2017, 1, 17))
    'Pada hari ini Selasa tanggal tujuh belas bulan Januari tahun dua ribu tujuh belas'
    """
    d = _as_date(d)
    return (
        f"Pada hari ini {nama_hari(d)} tanggal {terbilang(d.day)} "
        f"bulan {nama_bulan(d.month)} tahun {terbilang(d.year)}"
    )
