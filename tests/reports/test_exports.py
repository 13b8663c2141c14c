"""Every overview table can be downloaded as CSV and XLSX with the page's filters; the file shows
the page's numbers; bad formats are refused clearly; only those who may download reports get the
file; exports run the same number of queries at 18 and 300 villages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fokuss.cache import forum_version_bump
from members.models import AccessLog, SecretaryTenure, User, Village
from tests.obligations.factories import deadline, obligation

pytestmark = pytest.mark.django_db

PAGES = [
    ("obligations:matrix", {"tahun": str(datetime.date.today().year)}),
    ("obligations:missing", {}),
    ("obligations:on_time", {}),
    ("competency:heatmap", {}),
    ("competency:needs", {}),
    ("trainings:attendance_report", {"dari": "2026-01-01", "sampai": "2026-12-31"}),
    ("members:directory", {"q": "Kali"}),
    ("notifications:deliveries", {"status": "gagal"}),
    ("reports:capacity", {}),
]


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name,query", PAGES)
def test_csv_and_xlsx_for_the_board(name, query, world, login):
    client = login(world.users["pengurus"])
    page = client.get(reverse(name), query)
    assert page.status_code == 200
    assert "Unduh CSV" in page.content.decode() and "format=xlsx" in page.content.decode()
    csv_response = client.get(reverse(name), {**query, "format": "csv"})
    assert csv_response.status_code == 200, name
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _rows(csv_response)
    assert rows[0] == [str(world.forum_a)]
    assert rows[2][0].startswith("Diekspor: ") and rows[2][0].endswith(" WIB")
    xlsx = client.get(reverse(name), {**query, "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[5]] == rows[4]


@pytest.mark.parametrize("name,query", PAGES)
@pytest.mark.parametrize("fmt", ["pdf", "xls", "1"])
def test_unknown_format_is_400_with_a_message(name, query, fmt, world, login):
    response = login(world.users["pengurus"]).get(reverse(name), {**query, "format": fmt})
    assert response.status_code == 400
    assert "Format unduhan tidak dikenal" in response.content.decode()


def test_the_file_shows_the_page_numbers_and_filter(world, login):
    ob = obligation(world.forum_a)
    year = datetime.date.today().year
    deadline(ob, world.a1, due_on=datetime.date(year, 3, 10), period=f"{year}-03")
    deadline(ob, world.a2, due_on=datetime.date(year, 4, 10), period=f"{year}-04")
    client = login(world.users["camat"])
    rows = _rows(client.get(reverse("obligations:matrix"), {"tahun": year, "format": "csv"}))
    assert rows[1] == [f"Tahun {year}"]
    body = {r[0]: r for r in rows[5:]}
    assert set(body) == {"Kalikidang", "Wiradadi", "Sokaraja Tengah"}  # forum A only
    assert body["Kalikidang"][2].startswith("0/1 ")
    assert body["Sokaraja Tengah"][2] == ""


def test_directory_export_follows_the_search(world, login):
    rows = _rows(login(world.users["pengurus"]).get(reverse("members:directory"), {"q": "Wira", "format": "csv"}))
    assert rows[1] == ["Pencarian: Wira"]
    assert [r[0] for r in rows[5:]] == ["Wiradadi"]


def test_secretaries_do_not_get_files_nor_links(world, login):
    client = login(world.users["sekdes_a"])
    page = client.get(reverse("members:directory"))
    assert page.status_code == 200 and "Unduh CSV" not in page.content.decode()
    assert client.get(reverse("members:directory"), {"format": "csv"}).status_code == 403
    assert client.get(reverse("competency:heatmap"), {"format": "xlsx"}).status_code == 403


def test_exports_are_logged_as_downloads(world, login):
    client = login(world.users["camat"])
    client.get(reverse("obligations:on_time"), {"format": "csv"})
    client.get(reverse("obligations:on_time"), {"format": "xlsx"})
    assert AccessLog.objects.filter(user=world.users["camat"], action=AccessLog.Action.DOWNLOAD).count() == 2


def _grow(world, n):
    district = world.forum_a.district
    existing = Village.objects.filter(district=district).count()
    villages = Village.objects.bulk_create(Village(district=district, code=f"33.02.19.{4000 + i}",
                                                   name=f"Desa Beban {i:03d}") for i in range(existing, n))
    users = User.objects.bulk_create(User(email=f"ekspor{existing + i}@contoh.test", full_name=f"Sekdes {i:03d}")
                                     for i in range(len(villages)))
    SecretaryTenure.objects.bulk_create(SecretaryTenure(user=u, village=v, started_on=datetime.date(2015, 1, 1))
                                        for u, v in zip(users, villages, strict=True))
    ob = obligation(world.forum_a, code=f"beban{n}")
    year = datetime.date.today().year
    for v in villages:
        deadline(ob, v, due_on=datetime.date(year, 1, 10), period=f"{year}-01")


# Exact queries of an export for a board member (session, user, actor and forum included).
# + 1 each: the audit-trail row written for every export (members.middleware)
EXPORT_QUERIES = {"obligations:matrix": 6, "obligations:on_time": 8, "members:directory": 5,
                  "reports:capacity": 18, "competency:heatmap": 5, "competency:needs": 6}


@pytest.mark.parametrize("name", sorted(EXPORT_QUERIES))
def test_exports_run_the_same_queries_at_18_and_300_villages(name, world, login, django_assert_num_queries):
    client = login(world.users["pengurus"])
    _grow(world, 18)
    client.get("/")  # the user's actor and forum, cached per user while their posts stay
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(EXPORT_QUERIES[name]):
        assert client.get(reverse(name), {"format": "xlsx"}).status_code == 200
    _grow(world, 300)
    assert Village.objects.filter(district=world.forum_a.district).count() == 300
    client.get("/")
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(EXPORT_QUERIES[name]):
        assert client.get(reverse(name), {"format": "xlsx"}).status_code == 200


def test_the_session_cannot_point_an_export_at_a_forum_one_cannot_see(world, login):
    client = login(world.users["pengurus"])
    session = client.session
    session["forum_id"] = world.forum_b.pk
    session.save()
    rows = _rows(client.get(reverse("members:directory"), {"format": "csv"}))
    assert rows[0] == [str(world.forum_a)]  # the forum the user works in, never forum B
    assert "Ledug" not in {r[0] for r in rows[5:]}


def test_kabupaten_staff_export_the_forum_they_switch_to(world, login):
    client = login(world.users["kabupaten"])
    assert client.post(reverse("members:switch_forum"), {"forum": world.forum_b.pk}).status_code == 302
    rows = _rows(client.get(reverse("members:directory"), {"format": "csv"}))
    assert rows[0] == [str(world.forum_b)]
    assert [r[0] for r in rows[5:]] == [world.b1.name]
