import math
import re
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from fokuss.charts import PALETTE, Series, bar_chart, line_chart, stacked_bar_chart, stage_bars
from fokuss.pdf import html_to_pdf
from tests.pdftext import pdftotext

NS = {"s": "http://www.w3.org/2000/svg"}
QUARTERS = ["2025 T1", "2025 T2", "2025 T3", "2025 T4"]
HOSTILE = '<script>alert("x")</script> & "Desa" \'A\''


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output  # nosec B314


def _line():
    return line_chart(
        title="Ketepatan waktu",
        series=[
            Series("Desa Karangsari", list(zip(QUARTERS, [50, 62.5, None, 80], strict=True))),
            Series("Rata-rata forum", list(zip(QUARTERS, [40, 45, 55, 70], strict=True))),
        ],
    )


def _bars():
    return bar_chart(
        title="Sebaran nilai",
        categories=["A", "B", "C"],
        series=[
            Series("2026", [("A", 5), ("B", 8), ("C", 3)]),
            Series("2025", [("A", 3), ("B", 9), ("C", None)]),
        ],
    )


def _stacked():
    competencies = ["Penyusunan APBDes", "Administrasi umum", "Pelayanan"]
    levels = {1: [2, 1, 0], 2: [5, 3, 4], 3: [6, 8, 5], 4: [2, 3, 1]}
    return stacked_bar_chart(
        title="Tingkat kompetensi",
        categories=competencies,
        stacks=[
            Series(f"Tingkat {lvl}", list(zip(competencies, counts, strict=True)))
            for lvl, counts in levels.items()
        ],
    )


def _stages():
    return stage_bars(
        title="Pendampingan per tahap",
        stages=[
            ("Penyadaran", 4),
            ("Transformasi kemampuan", 6),
            ("Peningkatan kemampuan intelektual", 2),
            ("Kemandirian", 0),
        ],
    )


ALL = [_line, _bars, _stacked, _stages]


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("make", ALL)
def test_every_chart_is_an_accessible_scalable_svg(make):
    svg = make()
    assert isinstance(svg, SafeString)
    root = _parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox"))
    assert root.get("width") == "100%" and root.get("height") is None
    title, desc = root.find("s:title", NS), root.find("s:desc", NS)
    assert list(root)[:2] == [title, desc]
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text and desc.text


@pytest.mark.parametrize("make", ALL)
def test_no_script_no_style_no_external_reference(make):
    """The site's CSP forbids inline <script> and <style>; WeasyPrint fetches nothing."""
    svg = make()
    root = _parse(svg)
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert not tags & {"script", "style", "foreignObject", "image", "a"}
    for el in root.iter():
        assert "style" not in el.attrib
        assert not any(name.startswith("on") for name in el.attrib)
        assert not any("http" in value for name, value in el.attrib.items() if name != "xmlns")


@pytest.mark.parametrize("make", ALL)
def test_output_is_deterministic(make):
    assert make() == make()


def test_ids_differ_between_charts_on_one_page():
    ids = [_parse(make()).find("s:title", NS).get("id") for make in ALL]
    assert len(set(ids)) == len(ids)


def test_line_chart_points_gap_and_description():
    root = _parse(_line())
    series = root.findall(".//s:g[@class='chart-series']", NS)
    assert len(series) == 2
    # Desa Karangsari: 3 points; the missing quarter splits the line in two runs,
    # and the run of one point (the last) has no line.
    first_points = [el for el in series[0] if el.get("class") == "chart-point"]
    first_lines = [el for el in series[0] if el.get("class") == "chart-line"]
    assert len(first_points) == 3
    assert len(first_lines) == 1 and first_lines[0].get("d").count("L") == 1
    second_lines = [el for el in series[1] if el.get("class") == "chart-line"]
    assert len(second_lines) == 1 and second_lines[0].get("d").count("L") == 3
    # Lines differ by dash pattern, not only by colour.
    assert series[0][0].get("stroke-dasharray") != second_lines[0].get("stroke-dasharray")
    x_labels = [t.text for t in root.findall(".//s:g[@class='chart-axis-x']/s:text", NS)]
    assert x_labels == QUARTERS
    y_labels = [t.text for t in root.findall(".//s:g[@class='chart-axis-y']/s:text", NS)]
    assert y_labels == ["0%", "25%", "50%", "75%", "100%"]
    desc = root.find("s:desc", NS).text
    assert "Desa Karangsari: 2025 T1 50%, 2025 T2 62,5%, 2025 T3 –, 2025 T4 80%." in desc
    legend = [t.text for t in root.findall(".//s:g[@class='chart-legend-item']/s:text", NS)]
    assert legend == ["Desa Karangsari", "Rata-rata forum"]


def test_bar_chart_counts_patterns_and_value_labels():
    root = _parse(_bars())
    bars = root.findall(".//s:rect[@class='chart-bar']", NS)
    assert len(bars) == 5  # 3 + 2; the missing 2025/C is no bar (not a zero bar)
    # The second series is hatched: a pattern defined once, used by its bars and its legend swatch.
    patterns = root.findall(".//s:defs/s:pattern", NS)
    assert len(patterns) == 1
    assert {b.get("fill") for b in bars} == {PALETTE[0], f"url(#{patterns[0].get('id')})"}
    values = [t.text for t in root.findall(".//s:text[@class='chart-value']", NS)]
    assert values == ["5", "3", "8", "9", "3"]
    # Nice axis: 9 -> 10, in whole steps.
    y_labels = [t.text for t in root.findall(".//s:g[@class='chart-axis-y']/s:text", NS)]
    assert y_labels == ["0", "2", "4", "6", "8", "10"]
    assert [t.text for t in root.findall(".//s:text[@class='chart-category']", NS)] == ["A", "B", "C"]


def test_stacked_bar_chart_segments_and_totals():
    root = _parse(_stacked())
    groups = root.findall(".//s:g[@class='chart-group']", NS)
    assert len(groups) == 3
    segments = [len(g.findall("s:rect[@class='chart-segment']", NS)) for g in groups]
    assert segments == [4, 4, 3]  # a zero draws no segment
    totals = [t.text for t in root.findall(".//s:text[@class='chart-total']", NS)]
    assert totals == ["15", "15", "10"]
    desc = root.find("s:desc", NS).text
    assert "Pelayanan: Tingkat 1 0, Tingkat 2 4, Tingkat 3 5, Tingkat 4 1; jumlah 10." in desc


def test_stage_bars():
    root = _parse(_stages())
    assert len(root.findall(".//s:rect[@class='chart-bar']", NS)) == 3  # zero: label only
    assert [t.text for t in root.findall(".//s:text[@class='chart-value']", NS)] == ["4", "6", "2", "0"]
    assert root.find("s:desc", NS).text.startswith("Penyadaran: 4; Transformasi kemampuan: 6;")


# ---------------------------------------------------------------- escaping and values


def test_hostile_labels_are_escaped_everywhere():
    charts = [
        line_chart(title=HOSTILE, series=[Series(HOSTILE, [(HOSTILE, 10)])]),
        bar_chart(title=HOSTILE, categories=[HOSTILE], series=[Series(HOSTILE, [(HOSTILE, 1)])]),
        stacked_bar_chart(title=HOSTILE, categories=[HOSTILE], stacks=[Series(HOSTILE, [(HOSTILE, 1)])]),
        stage_bars(title=HOSTILE, stages=[(HOSTILE, 1)], description=HOSTILE),
    ]
    for svg in charts:
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg and "&amp;" in svg
        root = _parse(svg)  # still well-formed XML
        texts = [el.text for el in root.iter() if el.text]
        assert HOSTILE in texts
        assert root.find("s:title", NS).text == HOSTILE


def test_hostile_label_in_template_is_not_escaped_twice():
    svg = bar_chart(title="T & U", categories=["A"], series=[Series("S", [("A", 1)])])
    html = Template("{{ chart }}").render(Context({"chart": svg}))
    assert html == svg
    assert "T &amp; U" in html and "&amp;amp;" not in html


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -math.inf, Decimal("NaN")])
def test_nan_and_infinity_are_missing_values(bad):
    with_bad = line_chart(title="X", series=[Series("S", [("a", 10), ("b", bad), ("c", 30)])])
    with_none = line_chart(title="X", series=[Series("S", [("a", 10), ("b", None), ("c", 30)])])
    # Same drawing as None (the id differs because the input differs).
    strip = re.compile(r"chart-[0-9a-f]{10}")
    assert strip.sub("", with_bad) == strip.sub("", with_none)
    assert "nan" not in with_bad.lower() and "inf" not in with_bad.lower()
    root = _parse(bar_chart(title="X", categories=["a", "b"], series=[Series("S", [("a", 1), ("b", bad)])]))
    assert len(root.findall(".//s:rect[@class='chart-bar']", NS)) == 1
    root = _parse(stage_bars(title="X", stages=[("a", bad), ("b", 2)]))
    assert [t.text for t in root.findall(".//s:text[@class='chart-value']", NS)] == ["–", "2"]


@pytest.mark.parametrize("bad", ["12", True, object()])
def test_non_numbers_are_refused(bad):
    with pytest.raises(TypeError, match="angka"):
        line_chart(title="X", series=[Series("S", [("a", bad)])])


def test_values_outside_the_scale_are_clamped_to_it():
    root = _parse(line_chart(title="X", series=[Series("S", [("a", 150), ("b", -5)])]))
    ys = [float(p.get("cy")) for p in root.findall(".//s:circle[@class='chart-point']", NS)]
    top, bottom = (
        float(t.get("y")) - 4.5 for t in root.findall(".//s:g[@class='chart-axis-y']/s:text", NS)[::4][::-1]
    )
    assert ys == [top, bottom]


def test_empty_charts_render():
    for svg in (
        line_chart(title="Kosong", series=[]),
        bar_chart(title="Kosong", categories=[], series=[]),
        stacked_bar_chart(title="Kosong", categories=[], stacks=[]),
        stage_bars(title="Kosong", stages=[]),
    ):
        assert _parse(svg).find("s:title", NS).text == "Kosong"


# ---------------------------------------------------------------- colours


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", PALETTE)
def test_palette_meets_wcag_aa_against_white(colour):
    ratio = (1.05) / (_luminance(colour) + 0.05)
    assert ratio >= 4.5, f"{colour}: {ratio:.2f}:1"


# ---------------------------------------------------------------- PDF


def test_charts_render_in_a_pdf_with_their_text(tmp_path):
    html = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Grafik</title>'
        '<link rel="stylesheet" href="css/pdf-base.css"></head><body>'
        + "".join(f'<div style="width:15cm">{make()}</div>' for make in ALL)
        + "</body></html>"
    )
    data = html_to_pdf(html=html)
    text = pdftotext(data)
    for expected in [
        "Ketepatan waktu",
        "Sebaran nilai",
        "Tingkat kompetensi",
        "Pendampingan per tahap",
        "2025 T1",
        "2025 T4",
        "100%",
        "Desa Karangsari",
        "Rata-rata forum",
        "Tingkat 4",
        "Penyusunan APBDes",
        "Peningkatan kemampuan intelektual",
        "Kemandirian",
    ]:
        assert expected in text
    # The bars are drawn: the first palette colour covers part of the rasterised page.
    (tmp_path / "grafik.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "grafik.pdf"),
            str(tmp_path / "halaman"),
        ],
        check=True,
    )
    ppm = (tmp_path / "halaman.ppm").read_bytes()
    blue = bytes(int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    assert ppm.count(blue) > 100
