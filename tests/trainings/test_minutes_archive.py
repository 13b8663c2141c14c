"""The archive of final minutes: only the revision in force of the forum's own meetings, filters by
year, kind and text (title, number, content), a PDF link per row, pages of 20 with the filters kept,
CSV / XLSX of every matching row with the header block and an audit entry, the same queries at 5
and 30 minutes, and bad filters dropped with a message (never an error)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.models import AuditEntry
from tests.trainings.factories import EventFactory, wib
from trainings import services
from trainings.models import AgendaItem, Minutes

pytestmark = pytest.mark.django_db
URL = reverse("trainings:minutes_archive")


def final_minutes(world, *, title: str, starts_at: datetime.datetime | None = None, kind: str = "rapat",
                  forum=None, discussion: str = "", render: bool = False) -> Minutes:
    """A meeting that took place, with final minutes (PDF rendered on first download unless asked)."""
    start = starts_at or timezone.now() - datetime.timedelta(days=3)
    event = EventFactory(forum=forum or world.forum_a, kind=kind, title=title, starts_at=start,
                         ends_at=start + datetime.timedelta(hours=2), agenda="Laporan bendahara")
    by = world.users["pengurus"] if (forum or world.forum_a) == world.forum_a else world.users["other_forum"]
    minutes = services.minutes_start(event=event, by=by)
    if discussion:
        AgendaItem.objects.filter(minutes=minutes).update(discussion=discussion)
    return services.minutes_finalise(minutes=minutes, by=by, render=render)


def _titles(response) -> list[str]:
    return [m.event.title for m, _doc in response.context["rows"]]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_only_the_revision_in_force_of_the_forums_own_final_minutes(world, login):
    kept = final_minutes(world, title="Rapat pleno Juni")
    corrected = final_minutes(world, title="Rapat evaluasi Juli")
    new = services.minutes_correct(minutes=corrected, by=world.users["pengurus"], note="Salah ketik nama")
    final_minutes(world, title="Rapat Kembaran ZZFORUMB", forum=world.forum_b)
    draft_event = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat masih draf",
                               starts_at=timezone.now() - datetime.timedelta(days=1),
                               ends_at=timezone.now() - datetime.timedelta(hours=20))
    services.minutes_start(event=draft_event, by=world.users["pengurus"])
    client = login(world.users["camat"])

    page = client.get(URL)
    assert page.status_code == 200
    rows = {m.event.title: m.pk for m, _doc in page.context["rows"]}
    assert rows == {"Rapat pleno Juni": kept.pk, "Rapat evaluasi Juli": corrected.pk}  # the correction is a draft

    services.minutes_save(minutes=new, by=world.users["pengurus"], chair=new.chair, notulis=new.notulis,
                          opening="Dibuka", closing="", items=[{"title": "Laporan bendahara", "follow_ups": []}])
    services.minutes_finalise(minutes=new, by=world.users["pengurus"], render=False)
    rows = {m.event.title: m.pk for m, _doc in client.get(URL).context["rows"]}
    assert rows == {"Rapat pleno Juni": kept.pk, "Rapat evaluasi Juli": new.pk}
    assert "ZZFORUMB" not in client.get(URL).content.decode()


def test_each_row_links_to_its_pdf_and_the_pdf_downloads(world, login):
    minutes = final_minutes(world, title="Rapat koordinasi APBDes", render=True)
    client = login(world.users["pengurus"])
    body = client.get(URL).content.decode()
    pdf_url = reverse("trainings:minutes_pdf", args=[minutes.pk])
    assert f'href="{pdf_url}"' in body and minutes.number in body
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_filters_by_year_kind_and_text(world, login):
    final_minutes(world, title="Rapat rutin Januari", starts_at=wib(2025, 1, 14, 9))
    final_minutes(world, title="Musker tahunan", kind="musker", starts_at=wib(2025, 12, 31, 23, 30))  # WIB: still 2025
    final_minutes(world, title="Bimtek Siskeudes", kind="pelatihan", starts_at=wib(2026, 1, 1, 0, 30),
                  discussion="Pembahasan laporan realisasi APBDes semester I")
    client = login(world.users["camat"])
    assert sorted(_titles(client.get(URL, {"tahun": "2025"}))) == ["Musker tahunan", "Rapat rutin Januari"]
    assert _titles(client.get(URL, {"tahun": "2026"})) == ["Bimtek Siskeudes"]
    assert _titles(client.get(URL, {"jenis": "musker"})) == ["Musker tahunan"]
    assert _titles(client.get(URL, {"q": "realisasi apbdes"})) == ["Bimtek Siskeudes"]  # found in the discussion
    assert _titles(client.get(URL, {"q": "januari", "tahun": "2025", "jenis": "rapat"})) == ["Rapat rutin Januari"]
    empty = client.get(URL, {"q": "tidak ada yang cocok"})
    assert empty.context["rows"] == [] and "Tidak ada notulen final yang cocok" in empty.content.decode()


@pytest.mark.parametrize("query,message", [
    ({"tahun": "9999"}, "pilih tahun antara"),
    ({"tahun": "abc"}, "pilih tahun antara"),
    ({"tahun": "NaN"}, "pilih tahun antara"),
    ({"tahun": "-2025"}, "pilih tahun antara"),
    ({"tahun": "99999999999999999999"}, "pilih tahun antara"),
    ({"jenis": "rapat'; DROP TABLE x"}, "tidak dikenal"),
    ({"q": "rapat " * 2000}, "Kata pencarian terlalu panjang"),
])
def test_bad_filters_are_dropped_with_a_message(world, login, query, message):
    final_minutes(world, title="Rapat rutin")
    response = login(world.users["pengurus"]).get(URL, query)
    assert response.status_code == 200
    assert any(message in m for m in _messages(response))
    if "q" not in query:
        assert _titles(response) == ["Rapat rutin"]  # the filter is ignored, every row is shown
    else:
        assert len(response.context["search"]) == 100


@pytest.mark.parametrize("query", [{"halaman": "abc"}, {"halaman": "0"}, {"halaman": "99999999999999999999"},
                                   {"q": "rapat\x00"}, {"forum": "2"}, {"tahun": ""}])
def test_odd_parameters_never_fail(world, login, query):
    final_minutes(world, title="Rapat rutin")
    response = login(world.users["camat"]).get(URL, query)
    assert response.status_code == 200
    assert _titles(response) == ["Rapat rutin"]


def test_another_forums_ids_do_not_reach_its_archive(world, login):
    """The forum comes from the user's posts, never from the query or a tampered session."""
    final_minutes(world, title="Rapat Kembaran ZZFORUMB", forum=world.forum_b)
    final_minutes(world, title="Rapat Sokaraja")
    client = login(world.users["pengurus"])
    session = client.session
    session["forum_id"] = world.forum_b.pk
    session.save()
    response = client.get(URL, {"forum": world.forum_b.pk})
    assert _titles(response) == ["Rapat Sokaraja"]
    assert "ZZFORUMB" not in client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    # the other forum's board gets its own forum's archive
    assert _titles(login(world.users["other_forum"]).get(URL)) == ["Rapat Kembaran ZZFORUMB"]


def test_pages_of_twenty_keep_the_filters(world, login):
    for i in range(23):
        final_minutes(world, title=f"Rapat ke-{i:02d}", starts_at=wib(2025, 1, 1, 9) + datetime.timedelta(days=i))
    client = login(world.users["camat"])
    first = client.get(URL, {"tahun": "2025", "q": "Rapat ke"})
    assert len(first.context["rows"]) == 20 and first.context["page"].paginator.count == 23
    body = first.content.decode()
    assert "halaman=2" in body and "tahun=2025&amp;q=Rapat+ke&amp;halaman=2" in body
    second = client.get(URL, {"tahun": "2025", "q": "Rapat ke", "halaman": "2"})
    assert _titles(second) == ["Rapat ke-02", "Rapat ke-01", "Rapat ke-00"]  # newest first


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_has_every_matching_row_the_header_block_and_an_audit_entry(world, login):
    for i in range(22):
        final_minutes(world, title=f"Rapat ke-{i:02d}", starts_at=wib(2025, 3, 1, 9) + datetime.timedelta(days=i))
    final_minutes(world, title="Musker 2024", kind="musker", starts_at=wib(2024, 3, 1, 9))
    client = login(world.users["camat"])
    rows = _csv(client.get(URL, {"tahun": "2025", "jenis": "rapat", "format": "csv"}))
    assert rows[0] == [str(world.forum_a)]
    assert rows[1] == ["Tahun 2025 · Jenis: Rapat rutin"]
    assert rows[2][0].startswith("Diekspor: ")
    assert rows[4][:3] == ["Tanggal", "Jenis kegiatan", "Kegiatan"]
    body = rows[5:]
    assert len(body) == 22 and {r[1] for r in body} == {"Rapat rutin"}  # every row, not one page
    assert body[0][2] == "Rapat ke-21"
    assert all(r[8].startswith("http://testserver/kegiatan/notulen/") and r[8].endswith("/pdf/") for r in body)
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.actor == world.users["camat"] and "format=csv" in entry.data["query"]
    xlsx = client.get(URL, {"tahun": "2025", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 5 + 22 and sheet["C6"].value == "Rapat ke-21"


@pytest.mark.parametrize("role", ["sekdes_a", "pendamping"])
def test_secretaries_and_the_pendamping_neither_see_nor_export_the_archive(world, login, role):
    client = login(world.users[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403
    assert "Arsip notulen" not in client.get(reverse("trainings:event_list")).content.decode()


def test_the_menu_leads_the_camat_office_to_the_archive(world, login):
    body = login(world.users["camat"]).get(reverse("trainings:event_list")).content.decode()
    assert f'href="{URL}"' in body and "Arsip notulen" in body


# Exact queries (user, actor, forum, MFA check, unread count included): the count and one page; the
# export reads every matching row in one query and writes the download log and the audit entry.
ARCHIVE_QUERIES = {"": 4, "tahun=2025&q=Rapat": 4, "format=xlsx": 4}


@pytest.mark.parametrize("query", sorted(ARCHIVE_QUERIES))
def test_the_same_queries_at_5_and_30_minutes(world, login, django_assert_num_queries, query):
    client = login(world.users["pengurus"])
    made = 0
    for n in (5, 30):
        for i in range(made, n):
            final_minutes(world, title=f"Rapat ke-{i:02d}", starts_at=wib(2025, 1, 1, 9) + datetime.timedelta(days=i))
        made = n
        client.get(f"{URL}?{query}")  # warm the per-process caches
        with django_assert_num_queries(ARCHIVE_QUERIES[query]):
            assert client.get(f"{URL}?{query}").status_code == 200
