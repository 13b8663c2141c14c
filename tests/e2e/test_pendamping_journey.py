"""A pendamping desa on a 360 px phone, driven by what the screen says: the dashboard's "Desa
dampingan saya" panel, the status of every assigned village, one village's profile (the private
part a pendamping may read), then "Tenggat desa dampingan" grouped per village. Each page on the
way passes the axe check."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

ASSIGNED = ["Kalikidang", "Wiradadi", "Klahang", "Banjarsari Kidul", "Karangnanas", "Karangduren"]


def test_pendamping_follows_their_villages(page, demo, login):
    login(page, "pendamping@fokuss.test")
    main = page.locator("main")
    panel = page.locator("[data-testid=panel-facilitated]")
    assert "Desa dampingan saya" in panel.inner_text()
    assert all(name in panel.inner_text() for name in ASSIGNED)
    assert "Sokaraja Tengah" not in panel.inner_text()  # not assigned to her
    assert_accessible(page)

    page.get_by_role("link", name="Lihat status semua desa").click()  # tap 1
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Desa dampingan saya").is_visible()
    listing = main.inner_text()
    assert all(name in listing for name in ASSIGNED) and "Tenggat laporan" in listing
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    assert_accessible(page)

    main.get_by_role("link", name="Kalikidang", exact=True).first.click()  # tap 2: the village profile
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Desa Kalikidang").is_visible()
    for section in ("Tingkat kompetensi", "Ketepatan waktu penyampaian laporan", "Pelatihan yang diikuti",
                    "Pendampingan"):
        assert page.get_by_role("heading", name=section, exact=True).is_visible()
    assert_accessible(page)
    pdf = page.request.get(page.url + "profil.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    page.goto("/")
    page.locator("[data-testid=bottom-nav]").get_by_role("link", name="Tenggat").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Tenggat desa dampingan").is_visible()
    groups = page.locator("main details summary").all_inner_texts()
    assert {name for name in ASSIGNED if any(name in g for g in groups)} == set(ASSIGNED)  # one group a village
    assert_accessible(page)
