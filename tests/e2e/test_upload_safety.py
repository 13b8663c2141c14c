"""Uploaded files never run as a page (issue 11 §1), proved in real Chromium on the demo data.

A file stored before the checks existed (PDF magic bytes followed by a page with a script, named
``bukti.html``) is opened by a board member: the script would set the title, ``window.__pwned``
and fetch ``/pwned-...``; none of that may happen. Then the real upload form refuses the polyglot
and stores a real PDF sent as ``x.html`` as a PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.samples import PDF, POLYGLOT

pytestmark = pytest.mark.e2e


def _open_file(page, url: str):
    """Open a file URL the way a click would; a download (attachment, or a PDF in headless
    Chromium) is fine. Returns the download, if there was one."""
    try:
        with page.expect_download(timeout=5_000) as info:
            try:
                page.goto(url)
            except PlaywrightError:  # "Download is starting": the navigation became a download
                pass
        return info.value
    except PlaywrightError:  # no download: the browser displayed the response
        page.wait_for_load_state("load")
        return None


def _assert_no_script_ran(page, requests: list[str]):
    page.wait_for_timeout(300)
    assert page.title() != "PWNED"
    assert page.evaluate("() => window.__pwned === undefined")
    assert not [u for u in requests if "/pwned" in u]


def _old_polyglot_submission(*, content_type: str):
    """A submission as an old upload left it: the polyglot under a .html name (no validation)."""
    from django.core.files.base import ContentFile

    from members.models import User
    from obligations.models import Deadline, Submission

    sekdes = User.objects.get(email="sekdes@fokuss.test")
    deadline = Deadline.objects.filter(village__tenures__user=sekdes).first()
    s = Submission(deadline=deadline, submitted_by=sekdes, file_type=content_type, original_name="bukti.html",
                   note="unggahan lama")
    s.file.name = s.file.storage.save("evidence/lama/bukti.html", ContentFile(POLYGLOT))  # the old naming
    s.save()
    return s


@pytest.mark.parametrize("content_type", ["text/html", "application/pdf"])
def test_board_opens_an_old_polyglot_upload_and_no_script_runs(page, demo, login, content_type):
    s = _old_polyglot_submission(content_type=content_type)
    login(page, "ketua@fokuss.test")
    page.goto("/kewajiban/")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    download = _open_file(page, f"/kewajiban/penyampaian/{s.pk}/berkas/")
    _assert_no_script_ran(page, requests)
    if download is not None:
        assert not download.suggested_filename.endswith(".html")
    response = page.request.get(f"/kewajiban/penyampaian/{s.pk}/berkas/")
    assert response.headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "text/html" not in response.headers["content-type"]


def test_upload_form_refuses_the_polyglot_and_renames_a_real_pdf(page, demo, login):
    from obligations.models import Submission

    login(page, "sekdes@fokuss.test")
    page.goto("/kewajiban/")
    page.locator("[data-testid=deadline-row][data-status=belum]").first.click()
    page.wait_for_load_state("networkidle")
    url = page.url
    page.set_input_files("input[name=file]", files=[{"name": "bukti.html", "mimeType": "text/html",
                                                     "buffer": POLYGLOT}])
    page.click("[data-testid=submit-form] [type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Berkas PDF tidak valid" in page.locator("main").inner_text()
    _assert_no_script_ran(page, [])

    page.goto(url)
    page.set_input_files("input[name=file]", files=[{"name": "x.html", "mimeType": "text/html", "buffer": PDF}])
    page.click("[data-testid=submit-form] [type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Laporan dikirim" in page.locator("main").inner_text()
    s = Submission.objects.filter(original_name="x.html").get()
    assert s.file.name.endswith(".pdf") and s.file_type == "application/pdf"
    response = page.request.get(f"/kewajiban/penyampaian/{s.pk}/berkas/")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="x.pdf"'
    assert response.body() == PDF
