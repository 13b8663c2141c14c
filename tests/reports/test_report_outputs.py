"""One period, three outputs: the report page, its PDF and its XLSX show the same numbers per
village and in total; the PDF carries every section title, every village name and one profile
page per village; the files run the same queries at 18 and 300 villages; bad periods and
another forum's data are refused with a message, never a 500."""

import datetime
import io
import re

import pytest
from django.utils.formats import number_format
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import selectors
from tests.pdftext import pdftotext
from tests.reports.drafts import capacity_draft_pdf
from tests.reports.test_capacity import year_of_work  # noqa: F401  (a fixture)
from tests.reports.test_exports import _grow

pytestmark = pytest.mark.django_db

SECTIONS = ("A. Pendahuluan", "B. Kegiatan", "C. Hasil", "D. Simpulan dan Saran", "E. Penutup",
            "Lampiran I. Rekapitulasi per Desa")


def _pct(value) -> str:
    """A rate as the Indonesian pages and PDFs print it (66,7 / 100)."""
    return number_format(value, decimal_pos=1, use_l10n=True).removesuffix(",0")


def _page_rows(html: str) -> dict[str, str]:
    """Village name -> the text of its row in the page's per-village table."""
    table = html[html.index('data-testid="capacity-table"'):]
    table = table[:table.index("</table>")]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr)).strip()
        name = re.search(r'<div class="fw-semibold nowrap">([^<]+)</div>', tr)[1]
        rows[name] = text
    return rows


@pytest.mark.parametrize("period_key", ["2026", "2026-S1"])
def test_page_pdf_and_xlsx_show_the_same_numbers_for_the_same_period(world, login, year_of_work, period_key,  # noqa: F811
                                                                     media):
    period = selectors.parse_period(period_key, forum=world.forum_a, today=datetime.date.today())
    figures = selectors.capacity_figures(forum=world.forum_a, period=period)
    assert figures.due > 0  # the fixture's year has deadlines in both periods
    client = login(world.users["camat"])
    page = client.get(f"/laporan/kapasitas/?periode={period_key}").content.decode()
    pdf_bytes = capacity_draft_pdf(client, period_key)
    pdf = pdftotext(pdf_bytes)
    book = load_workbook(io.BytesIO(client.get(f"/laporan/kapasitas/{period_key}.xlsx").content))
    sheet = {row[1]: row for row in book["Desa"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    page_rows = _page_rows(page)
    assert set(page_rows) == set(sheet) == {r.village.name for r in figures.rows}
    for r in figures.rows:
        name, page_row, xlsx = r.village.name, page_rows[r.village.name], sheet[r.village.name]
        profile = pdf[pdf.index(f"Profil Desa {name}"):]
        profile = profile[:profile.find("Lampiran II.", 1) if "Lampiran II." in profile[1:] else None]
        assert xlsx[3:5] == (r.due, r.on_time) and xlsx[7:9] == (r.attended, r.expected)
        assert xlsx[6] == r.overdue_open
        if r.due:
            assert xlsx[5] == r.on_time_rate
            assert f"{_pct(r.on_time_rate)}% {r.on_time}/{r.due}" in page_row
            assert f"{_pct(r.on_time_rate)}% ({r.on_time} dari {r.due})" in profile  # "Ketepatan waktu"
        if r.expected:
            assert f"{_pct(r.attendance_rate)}% {r.attended}/{r.expected}" in page_row
            assert f"{_pct(r.attendance_rate)}% ({r.attended} dari {r.expected})" in profile  # "Kehadiran kegiatan"
    # the totals: the page's headline, the workbook's sum row
    total = next(row for row in book["Desa"].iter_rows(values_only=True) if row and row[1] == "Jumlah")
    assert total[3:6] == (figures.due, figures.on_time, figures.on_time_rate)
    assert f'data-testid="fig-on-time">{_pct(figures.on_time_rate)}%' in page
    assert f"{figures.on_time} dari {figures.due} tenggat" in page


def test_pdf_has_every_section_every_village_and_one_profile_page_each(world, login, year_of_work, media):  # noqa: F811
    data = capacity_draft_pdf(login(world.users["pengurus"]), "2026")
    reader = PdfReader(io.BytesIO(data))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    text = pdftotext(data)
    for title in SECTIONS:
        assert title in text
    villages = ["Kalikidang", "Wiradadi", "Sokaraja Tengah"]
    profile_pages = [next(i for i, p in enumerate(pages) if f"Profil Desa {v}" in p) for v in villages]
    assert len(set(profile_pages)) == 3  # a page each
    lampiran = next(i for i, p in enumerate(pages) if "Lampiran I. Rekapitulasi per Desa" in p)
    assert all(v in pages[lampiran] for v in villages)
    assert min(profile_pages) > lampiran
    # the body (A to E) on its own pages, then the table, then one page per village
    assert len(reader.pages) == lampiran + 1 + len(villages)
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in text


# Queries of the report's files for the camat office (session, user, actor and forum included)
FILE_QUERIES = {"xlsx": 17, "page": 19}


@pytest.mark.parametrize("kind", sorted(FILE_QUERIES))
def test_report_files_run_the_same_queries_at_18_and_300_villages(kind, world, login, django_assert_num_queries):
    client = login(world.users["camat"])
    key = str(datetime.date.today().year)
    url = f"/laporan/kapasitas/{key}.xlsx" if kind == "xlsx" else f"/laporan/kapasitas/?periode={key}"
    client.get(url)  # per-process caches (content types, site)
    _grow(world, 18)
    with django_assert_num_queries(FILE_QUERIES[kind]):
        response = client.get(url)
    assert response.status_code == 200
    _grow(world, 300)
    with django_assert_num_queries(FILE_QUERIES[kind]):
        response = client.get(url)
    assert response.status_code == 200
    if kind == "xlsx":
        assert load_workbook(io.BytesIO(response.content))["Desa"].max_row == 300 + 3  # header, blank, sum


@pytest.mark.parametrize("raw, reason", [
    (f"{datetime.date.today().year + 1}-T1", "belum dimulai"),  # in the future
    ("2016-T4", "sebelum FOKUSS berdiri"),  # before the forum existed
    ("2026-T9", "triwulan T1 sampai T4"), ("20x6", "tidak dikenal"), ("2026-Q1", "tidak dikenal"),  # malformed
])
@pytest.mark.parametrize("where", ["page", "pdf", "xlsx", "export"])
def test_bad_periods_are_explained_on_the_page(world, login, raw, reason, where):
    client = login(world.users["camat"])
    url = {"page": f"/laporan/kapasitas/?periode={raw}", "pdf": f"/laporan/kapasitas/{raw}.pdf",
           "xlsx": f"/laporan/kapasitas/{raw}.xlsx", "export": f"/laporan/kapasitas/?periode={raw}&format=xlsx"}[where]
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body and 'data-testid="period-error"' in body


def test_export_of_a_forum_the_user_cannot_see_gives_their_own(world, login):
    """The session pointing at forum B does not reach its figures: the camat office gets forum A's."""
    client = login(world.users["camat"])
    session = client.session
    session["forum_id"] = world.forum_b.pk
    session.save()
    key = str(datetime.date.today().year)
    book = load_workbook(io.BytesIO(client.get(f"/laporan/kapasitas/{key}.xlsx").content))
    names = {row[1] for row in book["Desa"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert names == {"Kalikidang", "Wiradadi", "Sokaraja Tengah"}
    csv = client.get("/laporan/kapasitas/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "Kalikidang" in csv and "Ledug" not in csv


@pytest.mark.parametrize("raw", ["abc", "1990", "99999999999999999999", "２０２６", "%00"])
def test_roll_up_year_out_of_reach_falls_back_with_a_message(world, login, raw):
    response = login(world.users["kabupaten"]).get(f"/laporan/kabupaten/?tahun={raw}")
    assert response.status_code == 200
    body = response.content.decode()
    if raw != "%00":  # dropped before any view reads it: no year asked for
        assert "tidak dapat dipakai" in body
    assert f"{datetime.date.today().year}</h1>" in body
