import base64
import io
import logging
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader

from fokuss import pdf as pdfmod
from fokuss.pdf import html_to_pdf, pdf_page_count, qr_svg_data_uri, render_pdf, safe_url_fetcher

STATIC = Path(pdfmod.__file__).resolve().parent.parent / "static"

LETTER = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}"></head>
<body>
<div class="kop"><div class="kop-teks">
  <div class="kop-instansi">Pemerintah Kabupaten Banyumas</div>
  <div class="kop-nama">Forum Komunikasi Sekretaris Desa</div>
</div></div>
<div class="judul">Berita Acara Rapat</div>
<p>Isi surat resmi dengan huruf <b>tebal</b> dan <i>miring</i>.</p>
<table class="tabel daftar-hadir"><thead><tr><th class="no">No</th><th>Nama</th><th class="ttd-hadir">Tanda Tangan</th></tr></thead>
<tbody><tr><td class="no">1</td><td>Slamet Riyadi</td><td class="ttd-hadir">1.</td></tr></tbody></table>
{extra}
<div class="ttd"><div class="ttd-kolom">Ketua,<div class="ttd-ruang"></div><div class="ttd-nama">SLAMET</div></div>
<div class="ttd-kolom">Sekretaris,<div class="ttd-ruang"></div><div class="ttd-nama">SITI</div></div></div>
</body></html>"""


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def network_calls(monkeypatch):
    """Record (and block) any DNS lookup or socket connection attempt."""
    calls = []

    def fake_getaddrinfo(*args, **kwargs):
        calls.append(("getaddrinfo", args))
        raise OSError("network disabled in test")

    def fake_connect(self, address):
        calls.append(("connect", address))
        raise OSError("network disabled in test")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", fake_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", fake_connect)
    return calls


# ---------------------------------------------------------------- safe_url_fetcher


def _read(response) -> bytes:
    if isinstance(response, dict):  # WeasyPrint < 67
        return response["string"]
    try:
        return response.read()
    finally:
        response.close()


def test_fetcher_allows_static_files():
    css = STATIC / "css" / "pdf-base.css"
    assert b"@font-face" in _read(safe_url_fetcher(css.as_uri()))
    font = STATIC / "fonts" / "NaskahSerif-Regular.ttf"
    assert _read(safe_url_fetcher(font.as_uri()))[:4] == b"\x00\x01\x00\x00"
    # query strings and fragments (bootstrap-icons uses ?hash) are ignored
    assert b"@font-face" in _read(safe_url_fetcher(css.as_uri() + "?v=1#x"))


def test_fetcher_maps_static_url_prefix():
    # "{% static 'css/pdf-base.css' %}" -> "/static/css/pdf-base.css" -> file:///static/css/...
    assert b"@font-face" in _read(safe_url_fetcher("file:///static/css/pdf-base.css"))


def test_fetcher_allows_data_urls():
    url = "data:text/plain;base64," + base64.b64encode(b"halo").decode()
    assert _read(safe_url_fetcher(url)) == b"halo"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "HTTPS://example.com/x.png",
        "ftp://example.com/x.png",
        "//example.com/x.png",
        "file:///etc/passwd",
        "file://example.com/etc/passwd",
        (STATIC / ".." / "pyproject.toml").as_uri(),
        (STATIC.parent / "pyproject.toml").as_uri(),
        "file:///static/../etc/passwd",
        "file:///static/../../pyproject.toml",
        "file:///static/%2e%2e/%2e%2e/pyproject.toml",
        (STATIC / "css" / "does-not-exist.css").as_uri(),
        "javascript:alert(1)",
        "",
    ],
)
def test_fetcher_refuses_everything_else(url, network_calls):
    with pytest.raises(ValueError):
        safe_url_fetcher(url)
    assert network_calls == []


# ---------------------------------------------------------------- html_to_pdf


@pytest.mark.parametrize("css", ["css/pdf-base.css", "/static/css/pdf-base.css"])
def test_html_to_pdf_renders_text_footer_and_shipped_fonts(css):
    data = html_to_pdf(html=LETTER.format(css=css, extra=""))
    assert data.startswith(b"%PDF-")
    assert pdf_page_count(data) == 1
    text = _text(data)
    for expected in ("PEMERINTAH KABUPATEN BANYUMAS", "BERITA ACARA RAPAT", "Slamet Riyadi", "Sekretaris,"):
        assert expected in text
    assert "Halaman 1 dari 1" in text
    fonts = _font_names(data)
    # The @font-face fonts from static/fonts were loaded (not the system's).
    assert any("Naskah-Serif" in name for name in fonts), fonts
    assert any("Naskah-Serif-Bold" in name for name in fonts), fonts
    assert any("Naskah-Serif-Italic" in name for name in fonts), fonts


def test_page_counter_on_two_pages():
    html = LETTER.format(css="css/pdf-base.css", extra='<div class="page-break"></div><p>Lampiran</p>')
    data = html_to_pdf(html=html)
    assert pdf_page_count(data) == 2
    text = _text(data)
    assert "Halaman 1 dari 2" in text
    assert "Halaman 2 dari 2" in text


def test_remote_image_is_not_fetched(network_calls, caplog):
    html = LETTER.format(css="css/pdf-base.css", extra='<img src="https://example.com/x.png" alt="">')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = html_to_pdf(html=html)
    assert network_calls == []
    assert "example.com/x.png" in caplog.text  # WeasyPrint logged the refusal ...
    assert "Halaman 1 dari 1" in _text(data)  # ... and rendered the rest


def test_remote_stylesheet_and_font_are_not_fetched(network_calls, caplog):
    html = (
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css">'
        "<style>@font-face{font-family:X;src:url(http://example.com/x.ttf)}"
        "body{font-family:X}</style></head><body><p>Tetap jadi</p></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = html_to_pdf(html=html)
    assert network_calls == []
    assert "Tetap jadi" in _text(data)


def test_local_file_outside_static_is_not_embedded(caplog):
    secret = STATIC.parent / "pyproject.toml"
    html = f'<html><body><p>Isi</p><img src="{secret.as_uri()}"><link rel="attachment" href="../pyproject.toml"></body></html>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = html_to_pdf(html=html)
    assert b"fokuss-portal" not in data
    assert "pyproject.toml" in caplog.text


# ---------------------------------------------------------------- helpers


def test_qr_svg_data_uri():
    uri = qr_svg_data_uri(text="https://fokuss.example/verifikasi/abc123")
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    svg = base64.b64decode(uri[len(prefix) :]).decode()
    assert svg.startswith("<svg")
    assert 'width="25mm"' in svg or 'width="25.0' in svg or 'width="24.9' in svg, svg[:200]

    html = f'<html><body><img class="qr" src="{uri}"><p>QR</p></body></html>'
    data = html_to_pdf(html=html)
    assert pdf_page_count(data) == 1


def test_pdf_page_count_counts_pages():
    data = html_to_pdf(
        html="<p>satu</p><p style='break-before: page'>dua</p><p style='break-before: page'>tiga</p>"
    )
    assert pdf_page_count(data) == 3


# ---------------------------------------------------------------- render_pdf (needs Django settings)


def test_render_pdf_with_django_template(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "pdf_test/surat.html": (
                                "{% load static %}<html><head>"
                                '<link rel="stylesheet" href="{% static \'css/pdf-base.css\' %}">'
                                '</head><body><div class="judul">Undangan</div>'
                                "<p>Yth. {{ nama }}</p></body></html>"
                            )
                        },
                    )
                ],
            },
        }
    ]
    data = render_pdf(template_name="pdf_test/surat.html", context={"nama": "Bapak <Sekdes>"})
    text = _text(data)
    assert "UNDANGAN" in text
    assert "Yth. Bapak <Sekdes>" in text
    assert "Halaman 1 dari 1" in text
    assert any("Naskah-Serif" in name for name in _font_names(data))
