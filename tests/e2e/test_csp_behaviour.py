"""The behaviours moved out of inline handlers into static/js/portal.js still work under the
Content-Security-Policy (the ``page`` fixture fails the test on any CSP console error)."""

import pytest

pytestmark = pytest.mark.e2e


def test_autosubmit_select_all_and_confirm(page, demo, login):
    login(page, "ketua@fokuss.test")

    # data-autosubmit: changing the year reloads the matrix for that year
    page.goto("/kewajiban/matriks/")
    select = page.locator("select[name=tahun]")
    other = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)")
             if v != select.input_value()][0]
    with page.expect_navigation():
        select.select_option(other)
    assert f"tahun={other}" in page.url

    # data-select-all: clicking the iCalendar address selects it for copying
    page.goto("/kewajiban/kalender/")
    page.click("[data-testid=ical-url]")
    selected = page.evaluate("() => { const i = document.querySelector('[data-testid=ical-url]');"
                             " return i.selectionEnd - i.selectionStart === i.value.length && i.value.length > 0; }")
    assert selected

    # data-confirm on a <form> and on a button: dismissed -> no request, accepted -> submitted
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<form method="get" action="/kewajiban/" data-confirm="Yakin?" data-testid="f1"><button>a</button></form>' +
        '<form method="get" action="/kewajiban/"><button data-confirm="Yakin?" data-testid="b2">b</button></form>')""")
    url = page.url
    messages = []

    def dismiss(dialog):
        messages.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    for target in ("[data-testid=f1] button", "[data-testid=b2]"):
        page.click(target)
        page.wait_for_timeout(300)
        assert page.url == url
    assert messages == ["Yakin?", "Yakin?"]
    page.remove_listener("dialog", dismiss)
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("[data-testid=b2]")
    assert page.url.rstrip("?").endswith("/kewajiban/")
