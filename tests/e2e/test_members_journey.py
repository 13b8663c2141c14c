"""Foundation journeys in real Chromium: a sekdes sees her village, a board member invites a new
secretary, the camat office sees all 18 villages."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail

pytestmark = pytest.mark.e2e


def test_sekdes_logs_in_and_sees_her_village(page, demo, login):
    login(page, "sekdes@fokuss.test")
    card = page.locator("[data-testid=my-village]")
    assert "Kalikidang" in card.inner_text()
    assert "33.02.19.2001" in card.inner_text()
    # a sekdes has no board tools
    page.goto("/anggota/undang/")
    assert "403" in page.title() or page.locator("body").inner_text().strip() != ""


def test_board_member_invites_a_new_secretary(page, demo, login):
    """Karangnanas has an acting (Plt) secretary; the board records the definitive one, who is
    invited by email, sets her password and lands on her village."""
    login(page, "ketua@fokuss.test")
    page.goto("/desa/33.02.19.2017/")
    page.click("text=Ganti sekretaris")
    page.fill("input[name=ended_on]", str(date.today() - timedelta(days=2)))
    page.select_option("select[name=end_reason]", "definitif")
    page.fill("input[name=full_name]", "Wulan Fiktif Anggraeni")
    page.fill("input[name=email]", "wulan.baru@fokuss.test")
    page.fill("input[name=whatsapp]", "0812 2711 9999")
    page.select_option("select[name=status]", "definitif")
    page.fill("input[name=started_on]", str(date.today() - timedelta(days=1)))
    page.fill("input[name=decree_number]", "141/12/2026")
    page.click("main input[type=submit]")
    page.wait_for_load_state("networkidle")
    main = page.locator("main").inner_text()
    # the same message whether or not the email exists elsewhere (forums do not disclose members)
    assert "Undangan dikirim ke wulan.baru@fokuss.test." in main
    assert "Sekretaris desa diganti (Wulan Fiktif Anggraeni)" in main  # the village's audit trail
    assert "Darmanto" in main  # the Plt stays in the history
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wulan.baru@fokuss.test"]
    path = re.search(r"https?://[^/\s]+(/undangan/\S+/)", mail.outbox[0].body).group(1)
    # the invited person opens the link and sets her password
    page.context.clear_cookies()
    page.goto(path)
    page.fill("input[name=password1]", "kata-sandi-baru-77")
    page.fill("input[name=password2]", "kata-sandi-baru-77")
    page.click("main input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Selamat datang, Wulan Fiktif Anggraeni" in page.locator("main").inner_text()
    assert "Karangnanas" in page.locator("[data-testid=my-village]").inner_text()


def test_camat_office_sees_all_18_villages(page, demo, login):
    login(page, "camat@fokuss.test")
    assert "18 desa" in page.locator("[data-testid=panel-camat]").inner_text()
    glance = page.locator("[data-testid=camat-villages]")  # the villages once, in the camat panel
    for name in ["Kalikidang", "Karangrau", "Sokaraja Tengah", "Klahang"]:
        assert name in glance.inner_text()
    page.goto("/anggota/")
    assert page.locator("[data-testid=directory] tbody tr").count() == 18
