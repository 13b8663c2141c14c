"""The obligations moved from /laporan/ to /kewajiban/: every old address redirects (bookmarks,
reminders already sent, calendar subscriptions); /laporan/kapasitas/ stays where it was."""

import pytest

OLD_TO_NEW = [
    ("/laporan/", "/kewajiban/"),
    ("/laporan/tenggat/7/", "/kewajiban/tenggat/7/"),
    ("/laporan/tenggat/7/kirim/", "/kewajiban/tenggat/7/kirim/"),
    ("/laporan/penyampaian/3/periksa/", "/kewajiban/penyampaian/3/periksa/"),
    ("/laporan/penyampaian/3/berkas/", "/kewajiban/penyampaian/3/berkas/"),
    ("/laporan/matriks/?tahun=2026", "/kewajiban/matriks/?tahun=2026"),
    ("/laporan/belum-kirim/?kewajiban=1&periode=TA%202025", "/kewajiban/belum-kirim/?kewajiban=1&periode=TA%202025"),
    ("/laporan/ingatkan/", "/kewajiban/ingatkan/"),
    ("/laporan/ketepatan-waktu/", "/kewajiban/ketepatan-waktu/"),
    ("/laporan/kalender/", "/kewajiban/kalender/"),
    ("/laporan/kalender/5:abc.ics", "/kewajiban/kalender/5:abc.ics"),
    ("/laporan/kewajiban/", "/kewajiban/daftar/"),
    ("/laporan/kewajiban/2/ubah/", "/kewajiban/daftar/2/ubah/"),
    ("/laporan/kewajiban/buat-tenggat/", "/kewajiban/daftar/buat-tenggat/"),
    ("/laporan/pelantikan/", "/kewajiban/pelantikan/"),
]


@pytest.mark.parametrize("old,new", OLD_TO_NEW)
def test_old_obligation_addresses_redirect(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_a_form_posted_to_an_old_address_keeps_its_method(client):
    response = client.post("/laporan/tenggat/7/kirim/", {"note": "x"})
    assert response.status_code == 308 and response["Location"] == "/kewajiban/tenggat/7/kirim/"


@pytest.mark.django_db
def test_the_capacity_report_keeps_its_address(client):
    assert client.get("/laporan/kapasitas/").status_code == 302  # to the sign-in page, not a redirect to /kewajiban/
    assert "/kewajiban/" not in client.get("/laporan/kapasitas/")["Location"]
