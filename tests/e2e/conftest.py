"""Playwright in Debian's Chromium against pytest-django's live server.

Fixtures: ``browser`` (session), ``page`` (a fresh context per test, phone-sized unless the test
asks otherwise; a Content-Security-Policy violation logged in the console fails the test),
``demo`` (the seed_demo data in a transactional database), ``login(page, email)``.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id="Asia/Jakarta",
                                  base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every page runs under the Content-Security-Policy: a blocked script, style or image shows as a
    # console error ("Refused to ... because it violates the following Content Security Policy
    # directive") and fails the test at teardown.
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))


# (account, time step) pairs whose code was already typed: the portal accepts a code only once.
_USED_TOTP_STEPS: set[tuple[str, int]] = set()


def _fresh_totp_code(secret: str, *, account: str) -> str:
    """A code an authenticator app would show about now (the portal allows one step of clock
    drift either side) that this test session has not typed yet."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    while True:
        now = int(time.time()) // app_settings.TOTP_PERIOD
        for step in (now, now + 1, now - 1):
            if (account, step) not in _USED_TOTP_STEPS:
                _USED_TOTP_STEPS.add((account, step))
                return format_hotp_value(hotp_value(secret, step))
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.1)


@pytest.fixture
def login():
    """Sign in through the login form; when the portal asks for the second factor (board, camat
    office, admin), type the code of the demo TOTP secret."""
    from members.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    def _login(page, email: str, password: str = DEMO_PASSWORD, totp_secret: str = DEMO_TOTP_SECRET):
        page.goto("/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.click("[data-testid=login-form] button[type=submit]")
        page.wait_for_load_state("networkidle")
        for _attempt in range(3):
            if "/accounts/2fa/authenticate/" not in page.url:
                break
            page.fill("input[name=code]", _fresh_totp_code(totp_secret, account=email))
            page.click("[data-testid=mfa-form] button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    return _login


# axe-core impacts that fail a page (WCAG 2.1 AA); "moderate" and "minor" findings are reported
# by axe but do not fail the suite.
FAILING_IMPACTS = ("serious", "critical")


def accessibility_violations(page) -> list[str]:
    """The serious and critical axe-core findings on the page, one line per element:
    "<url> <rule> (<impact>): <selector> <html>"."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                                       "resultTypes": ["violations"]})
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{page.url} {violation['id']} ({violation['impact']}): {target} {node['html'][:160]}")
    return lines


def assert_accessible(page) -> None:
    """Fail on serious or critical axe-core violations, listing every element."""
    lines = accessibility_violations(page)
    assert not lines, "Accessibility violations:\n" + "\n".join(lines)
