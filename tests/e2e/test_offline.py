"""Offline reading on a phone: a page seen once is there without a connection (with the banner
that says so), any other page shows the offline page, and writes wait for the connection."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

KEPT = """async (path) => {
  for (const name of await caches.keys()) {
    if (name.startsWith("fokuss-pages-") && await (await caches.open(name)).match(new URL(path, location.href).href)) {
      return true;
    }
  }
  return false;
}"""


def _wait_until_controlled(page):
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def test_dashboard_read_offline_and_other_pages_show_the_offline_page(page, demo, login):
    login(page, "sekdes@fokuss.test")
    page.goto("/")
    page.wait_for_function(KEPT, arg="/")  # kept even when the worker did not control this load yet
    _wait_until_controlled(page)
    assert page.locator("[data-testid=offline-banner]").is_hidden()

    page.context.set_offline(True)
    page.reload()
    banner = page.locator("[data-testid=offline-banner]")
    banner.wait_for(state="visible")
    assert "luring" in banner.inner_text() and "terakhir diperbarui" in banner.inner_text()
    assert "WIB" in banner.inner_text()
    assert page.locator("body").get_attribute("data-served") == "cache"
    assert page.locator("h1, .h1, .card").count() > 0  # the dashboard itself, not the offline page
    assert page.locator("[data-testid=offline-page]").count() == 0
    assert_accessible(page)  # the kept dashboard with its banner

    page.goto("/anggota/")  # never opened: not kept
    page.locator("[data-testid=offline-page]").wait_for()
    assert "luring" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.context.set_offline(False)
    page.goto("/")
    page.locator("body[data-served=network]").wait_for()
    assert page.locator("[data-testid=offline-banner]").is_hidden()


def test_writes_wait_for_the_connection(page, demo, login):
    login(page, "sekdes@fokuss.test")
    page.goto("/")
    form = page.locator("form[method=post]:not([data-logout])").first
    button = form.locator("button[type=submit], button:not([type])").first
    assert button.is_enabled()
    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    assert button.is_disabled()
    assert "Perlu sambungan internet untuk menyimpan." in form.inner_text()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert button.is_enabled()


def test_signing_out_forgets_the_kept_pages(page, demo, login):
    login(page, "sekdes@fokuss.test")
    page.goto("/")
    page.wait_for_function(KEPT, arg="/")
    _wait_until_controlled(page)
    page.evaluate("document.querySelector('form[data-logout]').requestSubmit()")
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function(f"async () => !(await ({KEPT})('/'))")
