"""The camat office's reporting journey in real Chromium on the demo data, driven by what the
page says: the dashboard's headline figures and the villages, the quarterly report asked for as a
PDF (made in the background: the worker is this test, which runs the task it was handed while
the page shows the progress), the PDF and then the XLSX of the village x obligation matrix."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports.selectors import current_period
from tests.e2e.conftest import assert_accessible
from tests.pdftext import pdftotext

pytestmark = pytest.mark.e2e


@pytest.fixture
def worker(monkeypatch):
    """Tasks the pages enqueue, kept instead of sent to a broker; ``run()`` does them like a worker."""
    queued: list[tuple[str, tuple]] = []
    monkeypatch.setattr("fokuss.tasks.send", lambda task, args=(), kwargs=None, **o: queued.append((task, args)))

    class Worker:
        def run(self) -> list[str]:
            import importlib

            done = []
            while queued:
                task, args = queued.pop(0)
                if isinstance(task, str):  # a registered name "<app>.tasks.<function>"
                    module, function = task.rsplit(".", 1)
                    task = getattr(importlib.import_module(module), function)
                task.apply(args=args).get()
                done.append(task.name)
            return done

    return Worker()


def test_camat_office_reads_the_dashboard_asks_for_the_quarterly_pdf_and_downloads_the_matrix(
        page, demo, login, worker):
    period = current_period(today=datetime.date.today())
    login(page, "camat@fokuss.test")
    main = page.locator("main")
    dashboard = main.inner_text()
    assert f"Ringkasan {period.label}" in dashboard and f"dibanding {period.previous().label}" in dashboard
    for headline in ("Tepat waktu", "Sekdes grade A (tingkat 3 ke atas)", "Pelatihan diselenggarakan", "Kehadiran",
                     "Pendampingan aktif"):
        assert headline in dashboard
    assert "18 desa" in dashboard and "desa sekilas" not in dashboard  # the villages once
    for chart in ("Tepat waktu, kehadiran dan sekdes grade A per tahun sejak 2017", "Pelatihan diselenggarakan per tahun sejak 2017"):
        assert page.get_by_role("img", name=chart).is_visible()  # the trends since the founding
    assert_accessible(page)

    page.get_by_role("link", name=f"Laporan kapasitas {period.label}").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=f"Laporan kapasitas {period.label}").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Buat PDF").click()  # the icon adds a glyph to the name
    page.wait_for_load_state("networkidle")
    assert "PDF sedang dibuat" in main.inner_text()
    assert page.get_by_role("progressbar", name="Kemajuan pembuatan PDF").is_visible()

    assert worker.run() == ["reports.tasks.report_file_render"]
    download_link = page.get_by_role("link", name="Unduh PDF")
    download_link.wait_for()  # the page polls the progress and shows the link without a reload
    assert page.get_by_role("progressbar").count() == 0  # the progress made way for the link
    download_link.evaluate("a => a.setAttribute('download', '')")  # PDFs open inline; keep the file
    with page.expect_download() as pdf:
        download_link.click()
    text = pdftotext(open(pdf.value.path(), "rb").read())
    assert "LAPORAN PERKEMBANGAN KAPASITAS SEKRETARIS DESA" in text and period.label in text
    assert "Kalikidang" in text and "Sokaraja Tengah" in text
    from notifications.models import Delivery

    assert Delivery.objects.filter(recipient__email="camat@fokuss.test", key__startswith="report_file:",
                                   channel="inapp").exists()  # "PDF laporan kapasitas ... siap"

    page.goto("/kewajiban/matriks/")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Unduh XLSX").click()
    sheet = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read())).active
    names = {row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert {"Kalikidang", "Karangrau", "Sokaraja Tengah", "Klahang"} <= names
