"""Deadline journeys in real Chromium on the demo data: the sekdes of Kalikidang hands in evidence,
the board rejects it with a reason, she resubmits, the camat office verifies; the board follows up
who has not submitted and sees the reminder deliveries."""

import pytest

from tests.obligations.factories import PDF

pytestmark = pytest.mark.e2e


def _open_first(page, status: str):
    page.goto("/kewajiban/")
    page.locator(f"[data-testid=deadline-row][data-status={status}]").first.click()
    page.wait_for_load_state("networkidle")
    return page.url


def test_submit_reject_resubmit_verify(page, demo, login, browser, live_server):
    login(page, "sekdes@fokuss.test")
    assert page.locator("[data-testid=panel-my-deadlines]").is_visible()
    url = _open_first(page, "belum")
    page.set_input_files("input[name=file]", files=[{"name": "tanda-terima.pdf", "mimeType": "application/pdf",
                                                     "buffer": PDF}])
    page.fill("textarea[name=note]", "Sudah diserahkan ke kecamatan")
    page.click("[data-testid=submit-form] [type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Laporan dikirim" in page.locator("main").inner_text()
    assert page.locator("[data-testid=deadline-status] [data-status=dikirim]").count() == 1

    board = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url).new_page()
    login(board, "ketua@fokuss.test")
    board.goto(url)
    board.click("[data-testid=verify-form] button[value=tolak]")  # no reason: refused
    board.wait_for_load_state("networkidle")
    assert "Tuliskan alasan penolakan" in board.locator("main").inner_text()
    board.fill("[data-testid=verify-form] textarea[name=reason]", "Tanda terima belum distempel")
    board.click("[data-testid=verify-form] button[value=tolak]")
    board.wait_for_load_state("networkidle")
    assert board.locator("[data-testid=deadline-status] [data-status=ditolak]").count() == 1

    page.goto(url)
    assert "Tanda terima belum distempel" in page.locator("[data-testid=submissions]").inner_text()
    page.fill("input[name=reference_number]", "140/58/2026")
    page.click("[data-testid=submit-form] [type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=deadline-status] [data-status=dikirim]").count() == 1

    camat = browser.new_context(viewport={"width": 360, "height": 780}, base_url=live_server.url).new_page()
    login(camat, "camat@fokuss.test")
    assert camat.locator("[data-testid=panel-progress]").is_visible()
    camat.goto(url)
    camat.click("[data-testid=verify-form] button[value=terima]")
    camat.wait_for_load_state("networkidle")
    assert camat.locator("[data-testid=deadline-status] [data-status=terverifikasi]").count() == 1
    assert [s.strip() for s in page.locator("[data-testid=submissions] .badge").all_inner_texts()] != []


def test_board_follows_up_who_has_not_submitted(page, demo, login):
    login(page, "ketua@fokuss.test")
    page.goto("/kewajiban/matriks/")
    assert page.locator("[data-testid=matrix] tbody tr").count() == 18
    page.goto("/kewajiban/belum-kirim/")
    page.locator("[data-testid=period-summaries] a").first.click()
    page.wait_for_load_state("networkidle")
    open_count = int(page.locator("[data-testid=open-count]").inner_text())
    if open_count:
        page.click("[data-testid=remind-all]")
        page.wait_for_load_state("networkidle")
        assert "Pengingat dikirim ke" in page.locator("main").inner_text()
    page.goto("/notifikasi/pengiriman/?status=gagal")
    errors = page.locator("[data-testid=delivery-error]").all_inner_texts()
    assert any("gateway WhatsApp menjawab dengan galat HTTP 500" in e for e in errors)  # in Indonesian
    page.locator("[data-testid=resend]").first.click()
    page.wait_for_load_state("networkidle")
    assert "Pengiriman dimasukkan lagi ke antrean" in page.locator("main").inner_text()


def test_sekdes_sees_reminders_in_the_bell(page, demo, login):
    login(page, "sekdes@fokuss.test")
    assert int(page.locator("[data-testid=unread-count]").inner_text()) >= 1
    page.click("[data-testid=bell]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=notification]").count() >= 1


