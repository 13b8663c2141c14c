"""Issued official documents: tagged PDF/A-3b with metadata, language and embedded files."""

import io

import pytest
from pypdf import PdfReader

from fokuss.charts import Series, bar_chart
from fokuss.pdf import html_to_pdf, render_pdf
from tests.pdftext import pdftotext

XLSX = b"PK\x03\x04 angka laporan kapasitas"
HTML = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Notulen Rapat Rutin</title>
<link rel="stylesheet" href="css/pdf-base.css"></head><body>
<h1>Notulen</h1><p>Rapat dibuka pukul 09.00.</p>
<table class="tabel"><thead><tr><th>No</th><th>Nama</th></tr></thead><tbody><tr><td>1</td><td>Siti</td></tr></tbody></table>
{extra}</body></html>"""


def _official(**kwargs):
    kwargs.setdefault("author", "FOKUSS Kecamatan Sumbang")
    kwargs.setdefault("subject", "Notulen rapat rutin Januari 2026")
    return html_to_pdf(html=HTML.format(extra=""), official=True, **kwargs)


@pytest.fixture(scope="module")
def official():
    return PdfReader(io.BytesIO(_official(attachments=[("angka.xlsx", XLSX, "Angka laporan (XLSX)")])))


def test_official_pdf_is_pdf_a_3b(official):
    xmp = official.xmp_metadata
    assert xmp is not None
    assert xmp.pdfaid_part == "3"
    assert xmp.pdfaid_conformance == "B"
    intents = official.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFA1"


def test_official_pdf_is_tagged(official):
    root = official.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"].get_object()
    kinds = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict) and "/S" in node:
            kinds.add(node["/S"])
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid)

    for kid in tree["/K"]:
        walk(kid)
    assert {"/Document", "/H1", "/P", "/Table", "/TH", "/TD"} <= kinds


def test_official_pdf_language_and_metadata(official):
    assert official.trailer["/Root"]["/Lang"] == "id"
    info = official.metadata
    assert info.title == "Notulen Rapat Rutin"  # from <title>
    assert info.author == "FOKUSS Kecamatan Sumbang"
    assert info.subject == "Notulen rapat rutin Januari 2026"
    xmp = official.xmp_metadata
    assert xmp.dc_title == {"x-default": "Notulen Rapat Rutin"}
    assert xmp.dc_creator == ["FOKUSS Kecamatan Sumbang"]
    assert xmp.dc_description == {"x-default": "Notulen rapat rutin Januari 2026"}


def test_official_pdf_embeds_the_attachment_once(official):
    assert official.attachments == {"angka.xlsx": [XLSX]}
    root = official.trailer["/Root"]
    assert len(root["/AF"]) == 1
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Supplement"
    assert spec["/Desc"] == "Angka laporan (XLSX)"
    assert (
        spec["/EF"]["/F"].get_object()["/Subtype"]
        == "/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_arguments_override_the_html():
    reader = PdfReader(io.BytesIO(_official(title="Judul lain", lang="id-ID")))
    assert reader.metadata.title == "Judul lain"
    assert reader.trailer["/Root"]["/Lang"] == "id-ID"


def test_official_needs_a_title_and_a_language():
    bare = "<!doctype html><html><body><p>Tanpa judul</p></body></html>"
    with pytest.raises(ValueError, match="judul"):
        html_to_pdf(html=bare, official=True)
    data = html_to_pdf(html=bare, official=True, title="Dengan judul", lang="id")
    assert PdfReader(io.BytesIO(data)).xmp_metadata.pdfaid_part == "3"


def test_draft_default_is_unchanged():
    reader = PdfReader(io.BytesIO(html_to_pdf(html=HTML.format(extra=""))))
    root = reader.trailer["/Root"]
    assert "/MarkInfo" not in root and "/StructTreeRoot" not in root and "/Metadata" not in root
    assert "/OutputIntents" not in root
    assert reader.metadata.title == "Notulen Rapat Rutin"
    assert root["/Lang"] == "id"


def test_drafts_take_no_attachments():
    with pytest.raises(ValueError, match="resmi"):
        html_to_pdf(html=HTML.format(extra=""), attachments=[("a.xlsx", XLSX, "x")])


def test_render_pdf_passes_the_options_through():
    data = render_pdf(
        template_name="pdf/_kop.html",
        context={"kop_lines": ["Forum Komunikasi Sekretaris Desa", "Kecamatan Sumbang"]},
        official=True,
        title="Kop surat",
        author="FOKUSS",
        subject="Uji",
        lang="id",
        attachments=[("angka.xlsx", XLSX, "Angka")],
    )
    reader = PdfReader(io.BytesIO(data))
    assert reader.xmp_metadata.pdfaid_conformance == "B"
    assert reader.metadata.title == "Kop surat"
    assert list(reader.attachments) == ["angka.xlsx"]
    assert "Forum Komunikasi Sekretaris Desa" in pdftotext(data)


def test_official_pdf_with_a_chart_keeps_the_chart_text():
    chart = bar_chart(
        title="Sebaran nilai", categories=["A", "B"], series=[Series("2026", [("A", 4), ("B", 7)])]
    )
    data = html_to_pdf(html=HTML.format(extra=f'<div style="width:12cm">{chart}</div>'), official=True)
    text = pdftotext(data)
    assert "Sebaran nilai" in text and "Notulen" in text
    assert PdfReader(io.BytesIO(data)).xmp_metadata.pdfaid_part == "3"


@pytest.mark.parametrize(
    "template_name",
    [
        "pdf/trainings/notulen.html",
        "pdf/trainings/undangan.html",
        "pdf/trainings/sertifikat.html",
        "pdf/reports/kapasitas.html",
    ],
)
def test_pdf_templates_declare_language_and_title(template_name):
    from django.template.loader import get_template

    source = open(get_template(template_name).origin.name, encoding="utf-8").read()
    assert '<html lang="id">' in source
    assert "<title>" in source
