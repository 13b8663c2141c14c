"""The bottom navigation on a 360 px phone: the main task one tap from the dashboard, driven by
the visible labels; on a desktop the top menu alone."""

import pytest

pytestmark = pytest.mark.e2e


def test_sekdes_reaches_her_deadlines_in_one_tap(page, demo, login):
    login(page, "sekdes@fokuss.test")
    nav = page.get_by_role("navigation", name="Menu utama")
    assert nav.is_visible()
    assert nav.inner_text().split() == ["Beranda", "Tenggat", "Kegiatan", "Kompetensi", "Tugas"]
    nav.get_by_text("Tenggat").click()
    page.wait_for_load_state("networkidle")
    assert "Tenggat" in page.locator("h1").inner_text()
    assert nav.get_by_role("link", name="Tenggat").get_attribute("aria-current") == "page"
    # nothing of the page hides behind the bar: the footer's language switch stays reachable
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer_bottom = page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom")
    bar_top = page.evaluate("document.querySelector('[data-testid=bottom-nav]').getBoundingClientRect().top")
    assert footer_bottom <= bar_top


def test_camat_office_has_no_personal_lists(page, demo, login):
    login(page, "camat@fokuss.test")
    nav = page.get_by_role("navigation", name="Menu utama")
    assert nav.inner_text().split() == ["Beranda", "Kewajiban", "Kegiatan", "Kompetensi", "Laporan"]
    nav.get_by_text("Kewajiban").click()
    page.wait_for_load_state("networkidle")
    assert "Matriks tenggat" in page.locator("h1").inner_text()


def test_desktop_shows_the_top_menu_only(page, demo, login):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "sekdes@fokuss.test")
    assert page.locator("[data-testid=bottom-nav]").is_hidden()
    assert page.locator("#mainnav").get_by_text("Tugas saya").is_visible()
