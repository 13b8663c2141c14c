import datetime

import pytest

from fokuss.terbilang import (
    nama_bulan,
    nama_hari,
    tanggal,
    tanggal_panjang,
    tanggal_terbilang,
    terbilang,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (17, "tujuh belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (31, "tiga puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (1945, "seribu sembilan ratus empat puluh lima"),
        (2000, "dua ribu"),
        (2017, "dua ribu tujuh belas"),
        (2026, "dua ribu dua puluh enam"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (250_500, "dua ratus lima puluh ribu lima ratus"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (1_100_000, "satu juta seratus ribu"),
        (12_500_000, "dua belas juta lima ratus ribu"),
        (1_000_000_000, "satu miliar"),
        (2_000_000_001, "dua miliar satu"),
        (
            999_999_999_999,
            "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
        ),
        (1_000_000_000_000, "satu triliun"),
        (-5, "minus lima"),
    ],
)
def test_terbilang(n, expected):
    assert terbilang(n) == expected


def test_terbilang_rejects_bad_input():
    with pytest.raises(TypeError):
        terbilang(1.5)
    with pytest.raises(TypeError):
        terbilang(True)
    with pytest.raises(ValueError):
        terbilang(10**15)


def test_tanggal_terbilang_example_from_minutes():
    assert tanggal_terbilang(datetime.date(2017, 1, 17)) == (
        "Pada hari ini Selasa tanggal tujuh belas bulan Januari tahun dua ribu tujuh belas"
    )


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2017, 1, 17), "Selasa, 17 Januari 2017"),
        (datetime.date(2017, 8, 17), "Kamis, 17 Agustus 2017"),
        (datetime.date(1945, 8, 17), "Jumat, 17 Agustus 1945"),
        (datetime.date(2024, 2, 29), "Kamis, 29 Februari 2024"),
        (datetime.date(2026, 1, 4), "Minggu, 4 Januari 2026"),
        (datetime.date(2026, 1, 5), "Senin, 5 Januari 2026"),
        (datetime.date(2025, 12, 31), "Rabu, 31 Desember 2025"),
        (datetime.date(2026, 3, 7), "Sabtu, 7 Maret 2026"),
    ],
)
def test_tanggal_panjang(d, expected):
    assert tanggal_panjang(d) == expected


def test_datetime_is_accepted_and_locale_independent():
    import locale

    dt = datetime.datetime(2025, 11, 1, 23, 59)
    assert tanggal_panjang(dt) == "Sabtu, 1 November 2025"
    assert tanggal(dt) == "1 November 2025"
    assert tanggal_terbilang(dt) == (
        "Pada hari ini Sabtu tanggal satu bulan November tahun dua ribu dua puluh lima"
    )
    # The names are hard-coded: the process locale does not matter.
    try:
        locale.setlocale(locale.LC_TIME, "C")
        assert tanggal_panjang(dt) == "Sabtu, 1 November 2025"
    finally:
        locale.setlocale(locale.LC_TIME, "")


def test_names():
    bulan = " ".join(nama_bulan(m) for m in range(1, 13))
    assert bulan == "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    monday = datetime.date(2026, 1, 5)
    hari = " ".join(nama_hari(monday + datetime.timedelta(days=i)) for i in range(7))
    assert hari == "Senin Selasa Rabu Kamis Jumat Sabtu Minggu"
    with pytest.raises(ValueError):
        nama_bulan(13)
