"""WCAG 2.1 AA with axe-core, on a 360 px phone, for every role: the main pages reachable from the
navbar and the bottom navigation (and one page of each kind behind them) have no serious or
critical violations."""

import re

import pytest

from tests.e2e.conftest import accessibility_violations

pytestmark = pytest.mark.e2e

# One object page of each kind, found by following a link from the page it is listed on.
DETAIL_LINKS = [
    ("/anggota/", r"^/desa/[^/]+/$"),          # a village page
    ("/kegiatan/", r"^/kegiatan/\d+/$"),       # an event
    ("/pendampingan/", r"^/pendampingan/rencana/\d+/$"),  # a mentoring plan
    ("/kompetensi/", r"^/kompetensi/orang/\d+/$"),        # a competency profile
]
SKIP = re.compile(r"^(#|/accounts/logout|/admin/|mailto:|https?:|.*\.(pdf|ics|csv|xlsx)$)")


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and h.startswith("/") and not SKIP.match(h)]


def _pages_of(page) -> list[str]:
    page.goto("/")
    nav = page.eval_on_selector_all("#mainnav a.nav-link[href], #mainnav a.dropdown-item[href], "
                                    "[data-testid=bottom-nav] a[href]",
                                    "els => els.map(e => e.getAttribute('href'))")
    urls = ["/"] + [h for h in nav if h and h.startswith("/") and not SKIP.match(h)]
    for listing, pattern in DETAIL_LINKS:
        if listing not in urls and not any(u.startswith(listing) for u in urls):
            continue
        page.goto(listing)
        detail = next((h for h in _links(page) if re.match(pattern, h)), None)
        if detail:
            urls.append(detail)
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("email", ["sekdes@fokuss.test", "ketua@fokuss.test", "camat@fokuss.test",
                                   "pendamping@fokuss.test", "kabupaten@fokuss.test"])
def test_no_serious_violations(page, demo, login, email):
    login(page, email)
    found = []
    visited = []
    for url in _pages_of(page):
        response = page.goto(url)
        if response is None or response.status != 200:
            continue
        page.wait_for_load_state("networkidle")
        visited.append(url)
        found += accessibility_violations(page)
    assert len(visited) >= 6, f"too few pages reached: {visited}"
    assert not found, f"{email}: accessibility violations on {len(visited)} pages:\n" + "\n".join(found)
