"""Content-Security-Policy and Permissions-Policy on every page, and templates that keep to them
(no inline script, no on*="..." handlers, no <style> elements)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
# PDFs are rendered by WeasyPrint from our own templates, never shown to a browser as HTML.
BROWSER_TEMPLATES = [p for p in TEMPLATES.rglob("*.html") if "pdf" not in p.relative_to(TEMPLATES).parts]


def _directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def _assert_secure(response):
    csp = _directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no other origin"
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions


@pytest.mark.django_db
def test_headers_on_a_signed_in_page(world, login):
    response = login(world.users["sekdes_a"]).get("/")
    assert response.status_code == 200
    _assert_secure(response)


@pytest.mark.django_db
def test_headers_on_the_login_page(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    _assert_secure(response)


@pytest.mark.django_db
def test_headers_on_an_error_page(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    _assert_secure(response)


@pytest.mark.django_db
def test_headers_on_healthz(client):
    _assert_secure(client.get("/healthz"))


def test_base_template_loads_behaviour_from_static_and_tames_htmx():
    base = (TEMPLATES / "base.html").read_text()
    assert "{% static 'js/portal.js' %}" in base
    assert '"includeIndicatorStyles":false' in base
    assert (ROOT / "static" / "js" / "portal.js").is_file()


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def test_templates_have_no_inline_script_or_handlers():
    found = []
    for path in BROWSER_TEMPLATES:
        text = COMMENT.sub("", path.read_text())
        name = path.relative_to(TEMPLATES)
        for attrs, body in SCRIPT.findall(text):
            if body.strip() or "src=" not in attrs:
                found.append(f"{name}: inline <script>")
        found += [f"{name}: {m.group().strip()} handler" for m in HANDLER.finditer(text)]
        found += [f"{name}: <style> element" for _ in STYLE_ELEMENT.finditer(text)]
        if "javascript:" in text.lower():
            found.append(f"{name}: javascript: URL")
    assert not found, "the Content-Security-Policy would block these:\n" + "\n".join(found)


def test_scanner_catches_what_it_should():
    bad = '<select onchange="this.form.submit()"></select><script>alert(1)</script>'
    assert HANDLER.search(bad) and SCRIPT.search(bad).group(2)
    assert not HANDLER.search('<select data-autosubmit name="online"></select>')
