"""Periods of the capacity report, issuing it once as an official document, and the page, the PDF
and the XLSX telling the same numbers."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from members.models import AccessLog
from notifications.models import Delivery
from reports import selectors, services
from reports.models import CapacityReport
from tests.pdftext import pdftotext
from tests.reports.drafts import capacity_draft_pdf
from tests.reports.test_capacity import year_of_work  # noqa: F401,F811  (a fixture)
from trainings.models import IssuedDocument

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize("raw, key, start, end", [
    ("2026", "2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ("2026-s2", "2026-S2", datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
    ("2026-T3", "2026-T3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
    ("2017-T1", "2017-T1", datetime.date(2017, 1, 1), datetime.date(2017, 3, 31)),
])
def test_periods(world, raw, key, start, end):
    period = selectors.parse_period(raw, forum=world.forum_a, today=TODAY)
    assert (period.key, period.start, period.end) == (key, start, end)


def test_previous_period():
    assert selectors.Period(2026, "T", 1).previous() == selectors.Period(2025, "T", 4)
    assert selectors.Period(2026, "S", 2).previous() == selectors.Period(2026, "S", 1)
    assert selectors.Period(2026).previous() == selectors.Period(2025)


@pytest.mark.parametrize("raw, message", [
    ("2027", "belum dimulai"), ("2026-T4x", "tidak dikenal"), ("2016-T4", "sebelum FOKUSS berdiri"),
    ("2026-T5", "triwulan T1 sampai T4"), ("", "tidak dikenal"), ("99999999999", "tidak dikenal"),
])
def test_bad_periods_are_explained(world, raw, message):
    with pytest.raises(ValidationError) as exc:
        selectors.parse_period(raw, forum=world.forum_a, today=TODAY)
    assert message in exc.value.messages[0]


@pytest.mark.parametrize("raw", ["2099-T1", "2016", "abc", "2026-Q1"])
def test_bad_periods_on_the_page_never_500(world, login, raw):
    client = login(world.users["camat"])
    page = client.get(f"/laporan/kapasitas/?periode={raw}")
    assert page.status_code == 400 and 'data-testid="period-error"' in page.content.decode()
    for suffix in ("pdf", "xlsx"):
        document = client.get(f"/laporan/kapasitas/{raw}.{suffix}")
        assert document.status_code == 400 and 'data-testid="period-error"' in document.content.decode()


def _narrative(world, period):
    services.capacity_report_save(forum=world.forum_a, period=period, by=world.users["pengurus"],
                                  hambatan="Sinyal lemah di dua desa.", simpulan="Meningkat.", saran="Bimtek Siskeudes.")


def test_issue_once_stored_with_number_hash_and_xlsx(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = datetime.date.today()
    period = selectors.current_period(today=today)
    with pytest.raises(ValidationError):  # the narrative first
        services.capacity_report_issue_start(forum=world.forum_a, period=period, by=world.users["pengurus"])
    _narrative(world, period)
    report = services.capacity_report_issue_start(forum=world.forum_a, period=period, by=world.users["pengurus"])
    assert report.status == CapacityReport.Status.RENDERING
    with pytest.raises(ValidationError):  # asked twice while rendering
        services.capacity_report_issue_start(forum=world.forum_a, period=period, by=world.users["pengurus"])
    report = services.capacity_report_render(report_id=report.pk)
    assert report.status == CapacityReport.Status.ISSUED
    document = report.document
    assert document.kind == IssuedDocument.Kind.LAPORAN and document.event is None
    assert document.number == f"001/LAP/FOKUSS/{('I','II','III','IV','V','VI','VII','VIII','IX','X','XI','XII')[today.month - 1]}/{today.year}"
    data = document.file.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    reader = PdfReader(io.BytesIO(data))
    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "B")
    embedded = load_workbook(io.BytesIO(reader.attachments[f"angka-laporan-{period.key}.xlsx"][0]))
    assert embedded["Ringkasan"]["B1"].value == period.key
    text = pdftotext(data)
    assert document.number in text and "Sinyal lemah di dua desa." in text and "Mengetahui," in text
    assert Delivery.objects.filter(recipient=world.users["pengurus"], key=f"capacity_report:{report.pk}").exists()
    # never a second one for the same period
    with pytest.raises(ValidationError):
        services.capacity_report_issue_start(forum=world.forum_a, period=period, by=world.users["pengurus"])
    with pytest.raises(ValidationError):
        _narrative(world, period)
    assert services.capacity_report_render(report_id=report.pk).document_id == document.pk
    assert IssuedDocument.objects.filter(kind=IssuedDocument.Kind.LAPORAN).count() == 1
    # served from storage and logged
    response = login(world.users["camat"]).get(f"/laporan/kapasitas/{period.key}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert AccessLog.objects.filter(action="download", path=f"/laporan/kapasitas/{period.key}.pdf").exists()
    verify = login(None).get(f"/kegiatan/verifikasi/{document.code}/")
    assert verify.status_code == 200 and document.sha256 in verify.content.decode()


def test_page_pdf_and_xlsx_show_the_same_numbers(world, login, year_of_work, media):  # noqa: F811
    today = datetime.date.today()
    period = selectors.Period(today.year)
    figures = selectors.capacity_figures(forum=world.forum_a, period=period)
    client = login(world.users["pengurus"])
    page = client.get(f"/laporan/kapasitas/?periode={period.key}").content.decode()
    pdf = pdftotext(capacity_draft_pdf(client, period.key))
    wb = load_workbook(io.BytesIO(client.get(f"/laporan/kapasitas/{period.key}.xlsx").content))
    sheet = {row[1]: row for row in wb["Desa"].iter_rows(min_row=2, values_only=True) if row and row[1]}
    for r in figures.rows:
        assert r.village.name in page and r.village.name in pdf
        assert sheet[r.village.name][3:5] == (r.due, r.on_time)
        assert sheet[r.village.name][7:9] == (r.attended, r.expected)
    assert f"{figures.event_count} kegiatan" in pdf
    assert dict((row[0], row[1]) for row in wb["Ringkasan"].iter_rows(values_only=True) if row and row[0])["Kegiatan"] \
        == figures.event_count


def test_constant_queries(world, django_assert_num_queries):
    from tests.factories import TenureFactory, VillageFactory

    period = selectors.Period(2026)

    def run():
        selectors.capacity_charts(selectors.capacity_figures(forum=world.forum_a, period=period, today=TODAY))

    run()
    with django_assert_num_queries(15):
        run()
    for i in range(15):
        TenureFactory(village=VillageFactory(district=world.forum_a.district, code=f"{world.forum_a.district.code}.29{i:02d}"))
    with django_assert_num_queries(15):
        run()
