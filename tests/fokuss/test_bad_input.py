"""Bad input never gives a 500: huge ids, out-of-range months and years, oversized bodies."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404

from fokuss import params
from fokuss.middleware import RequestSizeLimitMiddleware

TODAY = datetime.date(2026, 11, 29)
HUGE = "99999999999999999999"


@pytest.mark.parametrize("raw,expected", [
    ("2026", 2026), ("2000", 2000), ("2031", 2031), ("2032", None), ("1999", None), ("0001", None),
    ("9999", None), ("NaN", None), ("-2026", None), ("２０２６", None), ("", None), (HUGE, None),
])
def test_parse_year(raw, expected):
    assert params.parse_year(raw, today=TODAY) == expected


@pytest.mark.parametrize("raw,expected", [
    ("2026-11", datetime.date(2026, 11, 1)), ("0001-01", None), ("9999-12", None), ("2026-13", None),
    ("2026-00", None), ("2026-1", datetime.date(2026, 1, 1)), ("2026", None), ("nan-nan", None), ("2026-11-05", None),
])
def test_parse_month(raw, expected):
    assert params.parse_month(raw, today=TODAY) == expected


@pytest.mark.parametrize("raw,expected", [
    ("2026-11-05", datetime.date(2026, 11, 5)), ("0001-01-01", None), ("9999-12-31", None), ("2026-02-30", None),
    ("20261105", None), ("2026-11-05\x00", None),
])
def test_parse_date(raw, expected):
    assert params.parse_date(raw, today=TODAY) == expected


@pytest.mark.parametrize("raw,expected", [("1", 1), ("0", None), ("-1", None), (str(2**63 - 1), 2**63 - 1),
                                          (str(2**63), None), (HUGE, None), ("1e3", None), ("NaN", None)])
def test_parse_id(raw, expected):
    assert params.parse_id(raw) == expected


def test_id_converter_refuses_numbers_beyond_a_database_id():
    url = reverse("trainings:event_detail", kwargs={"pk": 7})
    assert resolve(url).kwargs == {"pk": 7}
    with pytest.raises(Resolver404):
        resolve(url.replace("/7/", f"/{HUGE}/"))
    with pytest.raises(Resolver404):
        resolve(url.replace("/7/", f"/{2**63}/"))
    with pytest.raises(NoReverseMatch):
        reverse("trainings:event_detail", kwargs={"pk": "x"})


def test_huge_id_in_url_is_404(world, login):
    client = login(world.users["pengurus"])
    url = reverse("trainings:event_detail", kwargs={"pk": 1}).replace("/1/", f"/{HUGE}/")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url_name,query", [
    ("obligations:calendar", "?bulan=0001-01"), ("obligations:calendar", "?bulan=9999-12"),
    ("trainings:calendar", "?bulan=0001-01"), ("trainings:calendar", "?bulan=9999-12"),
    ("trainings:event_list", "?tahun=9999"), ("trainings:event_list", "?tahun=NaN"),
    ("trainings:attendance_report", "?dari=0001-01-01&sampai=9999-12-31"),
    ("reports:capacity", "?tahun=0001"), ("obligations:missing", f"?kewajiban={HUGE}"),
    ("competency:heatmap", f"?round={HUGE}"), ("mentoring:suggestions", f"?mentee={HUGE}"),
    ("trainings:minutes_archive", "?tahun=9999"), ("trainings:minutes_archive", "?tahun=NaN"),
    ("trainings:minutes_archive", f"?tahun={HUGE}&halaman={HUGE}&jenis=%00&q=" + "x" * 5000),
    ("members:directory", f"?dampingan={HUGE}"),
])
def test_out_of_range_parameters_fall_back_with_a_message(world, login, url_name, query):
    response = login(world.users["pengurus"]).get(reverse(url_name) + query)
    if url_name == "reports:capacity":  # its period parser answers 400 with the reason on the page
        assert response.status_code == 400
        return
    assert response.status_code == 200
    if "bulan" in query or "tahun" in query or "dari" in query:
        assert "tidak dapat dipakai" in response.content.decode()


class ExplodingInput(io.RawIOBase):
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_anonymous_100_mb_post_is_refused_before_reading(client):
    response = client.generic("POST", reverse("account_login"), data=b"", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(100 * 1024 * 1024), **{"wsgi.input": ExplodingInput()})
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.content.decode()
    assert response["Connection"] == "close"


def test_middleware_never_reads_the_body(rf: RequestFactory):
    request = rf.post("/masuk/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(100 * 1024 * 1024)
    request.META["wsgi.input"] = ExplodingInput()

    class Anonymous:
        is_authenticated = False

    request.user = Anonymous()
    response = RequestSizeLimitMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert response.status_code == 413


def test_signed_in_oversize_upload_gets_a_clear_message(world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    settings.REQUEST_MULTIPART_MARGIN_BYTES = 1024
    from tests.obligations.factories import deadline, obligation

    due = deadline(obligation(world.forum_a), world.a1, due_on=datetime.date.today() + datetime.timedelta(days=20))
    client = login(world.users["sekdes_a"])
    url = reverse("obligations:deadline_submit", kwargs={"pk": due.pk})
    big = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    response = client.post(url, {"file": big, "note": "x"})
    assert response.status_code == 413
    assert "melebihi batas" in response.content.decode()
    # Within the request limit but above the file limit: the form says so.
    settings.REQUEST_MULTIPART_MARGIN_BYTES = 64 * 1024
    big.seek(0)
    response = client.post(url, {"file": big, "note": "x"})
    assert response.status_code == 400  # the page with the form and its error
    assert "Berkas terlalu besar" in response.content.decode()


def test_small_anonymous_posts_pass(client, db):
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "y"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_the_query_string_is_dropped(world, login):
    from django.urls import reverse

    response = login(world.users["pengurus"]).get(reverse("members:directory") + "?q=Kali%00kidang")
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "Kalikidang"


@pytest.mark.parametrize("path", [
    "/kalender/bukan-token.ics", "/kalender/%00.ics", "/kewajiban/kalender/bukan-token.ics",
    "/kegiatan/kalender/bukan-token.ics",
    "/laporan/kapasitas/2026-13.pdf", "/laporan/kapasitas/abcd.xlsx", "/laporan/kapasitas/99999999999999999999.pdf",
    "/laporan/kapasitas/xx/status/",
    f"/laporan/kabupaten/{HUGE}.pdf",
    f"/kompetensi/orang/{HUGE}/",
])
def test_todays_urls_refuse_malformed_parts_without_an_error(world, login, path):
    """Calendar feeds with a forged token, capacity files of a malformed period, a roll-up of an
    overflowing year and a profile of an overflowing id: a clear 4xx, never a 500."""
    client = login(world.users["kabupaten"] if "kabupaten" in path else world.users["pengurus"])
    assert client.get(path).status_code in (400, 404)


def test_todays_urls_hide_another_forums_records(world, login):
    client = login(world.users["pengurus"])
    assert client.get(reverse("reports:person_profile", args=[world.users["other_forum"].pk])).status_code == 404
    assert client.get(reverse("reports:village_profile", args=[world.b1.code])).status_code == 404


@pytest.mark.parametrize("query,status", [("format=pdf", 400), ("format=%00", 200), ("format=", 200),
                                          ("format=csv&format=xlsx", 200)])
def test_export_with_a_bad_format_is_refused_with_a_message(world, login, query, status):
    """NUL characters are dropped from query strings before any view reads them: %00 is no format."""
    response = login(world.users["pengurus"]).get(reverse("obligations:missing") + "?" + query)
    assert response.status_code == status
    if status == 400:
        assert "Format unduhan tidak dikenal" in response.content.decode()
