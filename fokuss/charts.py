"""Server-side SVG charts, one helper for web pages and PDFs alike.

Every function returns a ``SafeString`` holding one ``<svg>`` element, to be
put inline in a page (``{{ chart }}``) or in a PDF template rendered by
``fokuss.pdf``:

* ``line_chart``: one line per series over shared x labels (e.g. the on-time
  rate per quarter); ``None`` is a gap in the line.
* ``bar_chart``: grouped vertical bars (e.g. grade distribution now and in
  the previous period).
* ``stacked_bar_chart``: one horizontal stacked bar per category (e.g. how
  many secretaries sit at level 1-4 in each competency).
* ``stage_bars``: one horizontal bar per label (e.g. mentoring plans per
  stage).

Why a small module of our own and not pygal (which installs from PyPI, 3.x):

* Content-Security-Policy: pygal writes a ``<style>`` block (and, unless
  told not to, ``<script>`` tags for its tooltips) into every SVG; the site
  forbids both (``style-src 'self'``). This module uses SVG presentation
  attributes only (``fill="..."``, ``font-size="..."``): no ``<style>``, no
  ``style=""``, no script, no external references.
* WeasyPrint: it draws SVG with its own renderer, which ignores pygal's CSS
  classes-and-script styling; presentation attributes, ``<text>``,
  ``<path>``, ``<rect>`` and ``<pattern>`` render the same in the browser and
  in the PDF, and the text stays real, searchable text.
* Accessibility: ``role="img"``, a ``<title>`` (accessible name) and a
  ``<desc>`` that lists every value in words (accessible description),
  referenced with ``aria-labelledby`` / ``aria-describedby``. Colour is never
  the only carrier: lines differ by dash and marker shape, bar series by
  hatching pattern, and every bar and segment carries its value as text. The
  palette has at least 4.5:1 contrast against white, so white value labels on
  a fill and coloured text on the page both pass WCAG AA.
* Deterministic: the same data gives byte-identical SVG (ids are derived from
  the content), so tests can compare output and parse it with
  ``xml.etree``.
* Small: one file without dependencies besides Django's ``escape``.

Every piece of text passes through ``_el``, which escapes attribute values
and text content; labels coming from users (village names, competency names)
cannot break out of the markup. Values are numbers or ``None``; NaN and
infinities are treated as missing (a gap, never a drawn zero); anything else
that is not a number raises ``TypeError``.

Sizing: the SVG has a ``viewBox`` and ``width="100%"`` and no fixed height,
so it scales to the column it sits in: a 360 px phone or a 17 cm A4 text
column. Give it a narrower container to make it smaller.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

__all__ = [
    "PALETTE",
    "Series",
    "bar_chart",
    "line_chart",
    "stacked_bar_chart",
    "stage_bars",
]

Number = int | float

#: Series colours, in order. Each has at least 4.5:1 contrast against white
#: (tests/fokuss/test_charts.py checks it), so white text on the fill and the
#: colour as text on white both pass WCAG AA.
PALETTE: tuple[str, ...] = (
    "#0b5cad",  # blue
    "#b34700",  # dark orange
    "#1d7a3a",  # green
    "#7a3e9d",  # purple
    "#a3132b",  # red
    "#4d4d4d",  # grey
)
INK = "#1f2933"  # text and axes; 14.5:1 on white
GRID = "#c8ced6"  # gridlines (decoration only)
FONT = "Naskah Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 13
WIDTH = 520
TITLE_H = 28

# Line styles and marker shapes per series, so that a line can be told apart
# without its colour (and on a black-and-white print).
_DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 5", "12 6")
_MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
# Hatching per bar series: none for the first, then diagonal, dots, cross.
_PATTERNS = (None, "diagonal", "dots", "cross", "horizontal", "vertical")


@dataclass(frozen=True)
class Series:
    """A named list of ``(x_label, value)`` points; ``value`` may be ``None``."""

    label: str
    points: Sequence[tuple[str, Number | None]] = field(default_factory=tuple)


# --------------------------------------------------------------------------
# Small helpers


def _num(value) -> str:
    """A coordinate: at most two decimals, no trailing zeros, deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _el(tag: str, attrs: dict | None = None, text: str | None = None, children: Iterable[str] = ()) -> str:
    """One SVG element; every attribute value and the text are escaped."""
    parts = [tag]
    for key, value in (attrs or {}).items():
        if value is None or value == "":
            continue
        if isinstance(value, float):
            value = _num(value)
        parts.append(f'{key}="{escape(str(value))}"')
    inner = (escape(text) if text is not None else "") + "".join(children)
    if not inner:
        return f"<{' '.join(parts)}/>"
    return f"<{' '.join(parts)}>{inner}</{tag}>"


def _clean(value) -> float | None:
    """A finite float, or None for missing / NaN / infinite values."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"Nilai grafik harus berupa angka atau None, bukan {type(value).__name__}.")
    value = float(value)
    return value if math.isfinite(value) else None


def _fmt(value: float | None, unit: str = "") -> str:
    """A value as people read it: '62,5%' (locale aware), '-' when missing."""
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return f"{number_format(round(value, decimals), decimals)}{unit}"


def _nice_max(value: float) -> float:
    """The next 'round' number at or above value (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exponent + 1))  # pragma: no cover - the loop always returns


def _ticks(y_max: float) -> list[float]:
    """Gridline values: quarters, or fifths when those are whole numbers (0, 2, 4, ... 10)."""
    count = 5 if not (y_max / 4).is_integer() and (y_max / 5).is_integer() else 4
    return [y_max * i / count for i in range(count + 1)]


def _chart_id(kind: str, *data) -> str:
    """An id derived from the chart's input: stable across runs, distinct per chart."""
    digest = hashlib.sha1(repr((kind, data)).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def _svg(
    *,
    cid: str,
    kind: str,
    title: str,
    desc: str,
    width: float,
    height: float,
    defs: list[str],
    body: list[str],
) -> SafeString:
    children = [
        _el("title", {"id": f"{cid}-t"}, title),
        _el("desc", {"id": f"{cid}-d"}, desc),
    ]
    if defs:
        children.append(_el("defs", children=defs))
    # The title is drawn too, so a chart explains itself in a PDF or a screenshot.
    children.append(
        _el("text", {"x": 8, "y": 18, "font-size": 15, "font-weight": "bold", "class": "chart-title"}, title)
    )
    children.append(_el("g", {"transform": f"translate(0 {TITLE_H})"}, children=body))
    height += TITLE_H
    svg = _el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {_num(width)} {_num(height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{cid}-t",
            "aria-describedby": f"{cid}-d",
            "class": f"chart chart-{kind}",
            "font-family": FONT,
            "font-size": FONT_SIZE,
            "fill": INK,
        },
        children=children,
    )
    return mark_safe(svg)  # noqa: S308 - every text and attribute went through _el/escape  # nosec B308 B703


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _pattern_defs(count: int, cid: str) -> list[str]:
    """Hatching patterns (white strokes over the series colour) for bar series."""
    defs = []
    for index in range(count):
        kind = _PATTERNS[index % len(_PATTERNS)]
        if kind is None:
            continue
        colour = _colour(index)
        shapes = [_el("rect", {"width": 8, "height": 8, "fill": colour})]
        white = {"stroke": "#ffffff", "stroke-width": 1.5}
        if kind == "diagonal":
            shapes.append(_el("path", {"d": "M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6", **white}))
        elif kind == "dots":
            shapes.append(_el("circle", {"cx": 4, "cy": 4, "r": 1.6, "fill": "#ffffff"}))
        elif kind == "cross":
            shapes.append(_el("path", {"d": "M0 0 L8 8 M8 0 L0 8", **white}))
        elif kind == "horizontal":
            shapes.append(_el("path", {"d": "M0 4 L8 4", **white}))
        else:
            shapes.append(_el("path", {"d": "M4 0 L4 8", **white}))
        defs.append(
            _el(
                "pattern",
                {"id": f"{cid}-p{index}", "width": 8, "height": 8, "patternUnits": "userSpaceOnUse"},
                children=shapes,
            )
        )
    return defs


def _fill(index: int, cid: str) -> str:
    if _PATTERNS[index % len(_PATTERNS)] is None:
        return _colour(index)
    return f"url(#{cid}-p{index})"


def _marker(index: int, x: float, y: float, cls: str | None = "chart-point") -> str:
    colour = _colour(index)
    shape = _MARKERS[index % len(_MARKERS)]
    attrs = {"fill": colour, "stroke": "#ffffff", "stroke-width": 1, "class": cls}
    if shape == "circle":
        return _el("circle", {"cx": x, "cy": y, "r": 4.0, **attrs})
    if shape == "square":
        return _el("rect", {"x": x - 3.5, "y": y - 3.5, "width": 7, "height": 7, **attrs})
    if shape == "triangle":
        return _el(
            "path",
            {
                "d": f"M{_num(x)} {_num(y - 5)} L{_num(x + 4.5)} {_num(y + 3.5)} L{_num(x - 4.5)} {_num(y + 3.5)} Z",
                **attrs,
            },
        )
    return _el(
        "path",
        {
            "d": f"M{_num(x)} {_num(y - 5)} L{_num(x + 5)} {_num(y)} L{_num(x)} {_num(y + 5)} L{_num(x - 5)} {_num(y)} Z",
            **attrs,
        },
    )


def _legend(
    labels: Sequence[str], *, top: float, left: float, right: float, swatch
) -> tuple[list[str], float]:
    """Legend items laid out in rows; returns (elements, height used)."""
    items, x, y = [], left, top
    for index, label in enumerate(labels):
        approx = 26 + len(label) * FONT_SIZE * 0.55
        if x > left and x + approx > right:
            x, y = left, y + 20
        items.append(
            _el(
                "g",
                {"class": "chart-legend-item"},
                children=[swatch(index, x, y), _el("text", {"x": x + 20, "y": y + 4.5}, label)],
            )
        )
        x += approx + 14
    return [_el("g", {"class": "chart-legend"}, children=items)] if items else [], (
        y - top + 20 if items else 0
    )


def _x_labels(series: Sequence[Series]) -> list[str]:
    labels: list[str] = []
    for s in series:
        for x, _value in s.points:
            if str(x) not in labels:
                labels.append(str(x))
    return labels


def _values_by_label(s: Series) -> dict[str, float | None]:
    return {str(x): _clean(v) for x, v in s.points}


def _describe(series: Sequence[Series], labels: Sequence[str], unit: str) -> str:
    parts = []
    for s in series:
        values = _values_by_label(s)
        shown = ", ".join(f"{label} {_fmt(values.get(label), unit)}" for label in labels)
        parts.append(f"{s.label}: {shown}.")
    return " ".join(parts)


# --------------------------------------------------------------------------
# Charts


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    y_max: Number = 100,
    unit: str = "%",
    description: str | None = None,
) -> SafeString:
    """Lines over shared x labels; ``None`` (or NaN) leaves a gap."""
    cid = _chart_id("line", title, series, y_max, unit, description)
    labels = _x_labels(series)
    y_max = float(y_max) if _clean(y_max) and y_max > 0 else 100.0
    left, right, top, plot_h = 46.0, WIDTH - 16.0, 14.0, 190.0
    bottom = top + plot_h
    step = (right - left) / max(len(labels), 1)
    every = max(1, math.ceil(len(labels) / 8))  # at most ~8 x labels on a phone

    def y_of(v: float) -> float:
        return bottom - plot_h * min(max(v, 0.0), y_max) / y_max

    body: list[str] = []
    grid = []
    for tick in _ticks(y_max):
        y = y_of(tick)
        grid.append(
            _el("line", {"x1": left, "y1": y, "x2": right, "y2": y, "stroke": GRID, "stroke-width": 1})
        )
        grid.append(_el("text", {"x": left - 6, "y": y + 4.5, "text-anchor": "end"}, _fmt(tick, unit)))
    body.append(_el("g", {"class": "chart-axis-y"}, children=grid))
    xs = []
    for index, label in enumerate(labels):
        x = left + step * (index + 0.5)
        xs.append(x)
        if index % every == 0:
            xs_label = _el("text", {"x": x, "y": bottom + 18, "text-anchor": "middle"}, label)
            body.append(_el("g", {"class": "chart-axis-x"}, children=[xs_label]))
    body.append(
        _el("line", {"x1": left, "y1": bottom, "x2": right, "y2": bottom, "stroke": INK, "stroke-width": 1})
    )

    for index, s in enumerate(series):
        values = _values_by_label(s)
        colour = _colour(index)
        runs: list[list[tuple[float, float]]] = [[]]
        markers = []
        for label, x in zip(labels, xs, strict=True):
            value = values.get(label)
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x, y_of(value)))
            markers.append(_marker(index, x, y_of(value)))
        paths = [
            _el(
                "path",
                {
                    "d": " ".join(
                        f"{'M' if i == 0 else 'L'}{_num(px)} {_num(py)}" for i, (px, py) in enumerate(run)
                    ),
                    "fill": "none",
                    "stroke": colour,
                    "stroke-width": 2.5,
                    "stroke-dasharray": _DASHES[index % len(_DASHES)],
                    "stroke-linejoin": "round",
                    "class": "chart-line",
                },
            )
            for run in runs
            if len(run) > 1
        ]
        body.append(_el("g", {"class": "chart-series"}, children=paths + markers))

    def swatch(index, x, y):
        line = _el(
            "line",
            {
                "x1": x,
                "y1": y,
                "x2": x + 16,
                "y2": y,
                "stroke": _colour(index),
                "stroke-width": 2.5,
                "stroke-dasharray": _DASHES[index % len(_DASHES)],
            },
        )
        return line + _marker(index, x + 8, y, cls=None)

    legend, legend_h = _legend(
        [s.label for s in series], top=bottom + 40, left=left, right=right, swatch=swatch
    )
    body.extend(legend)
    height = bottom + 30 + legend_h + 6
    desc = description or _describe(series, labels, unit)
    return _svg(cid=cid, kind="line", title=title, desc=desc, width=WIDTH, height=height, defs=[], body=body)


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_max: Number | None = None,
    unit: str = "",
    description: str | None = None,
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series."""
    cid = _chart_id("bar", title, categories, series, y_max, unit, description)
    categories = [str(c) for c in categories]
    table = [_values_by_label(s) for s in series]
    highest = max((v for values in table for v in values.values() if v is not None), default=0.0)
    y_max = float(y_max) if y_max is not None and _clean(y_max) and y_max > 0 else _nice_max(highest)
    left, right, top, plot_h = 46.0, WIDTH - 16.0, 22.0, 190.0
    bottom = top + plot_h
    group_w = (right - left) / max(len(categories), 1)
    bar_w = min(48.0, group_w * 0.8 / max(len(series), 1))

    def y_of(v: float) -> float:
        return bottom - plot_h * min(max(v, 0.0), y_max) / y_max

    body: list[str] = []
    grid = []
    for tick in _ticks(y_max):
        y = y_of(tick)
        grid.append(
            _el("line", {"x1": left, "y1": y, "x2": right, "y2": y, "stroke": GRID, "stroke-width": 1})
        )
        grid.append(_el("text", {"x": left - 6, "y": y + 4.5, "text-anchor": "end"}, _fmt(tick, unit)))
    body.append(_el("g", {"class": "chart-axis-y"}, children=grid))
    for c_index, category in enumerate(categories):
        group_left = left + group_w * c_index + (group_w - bar_w * len(series)) / 2
        bars = []
        for s_index, values in enumerate(table):
            value = values.get(category)
            if value is None:
                continue
            x = group_left + bar_w * s_index
            y = y_of(value)
            bars.append(
                _el(
                    "rect",
                    {
                        "x": x + 1,
                        "y": y,
                        "width": bar_w - 2,
                        "height": bottom - y,
                        "fill": _fill(s_index, cid),
                        "class": "chart-bar",
                    },
                )
            )
            bars.append(
                _el(
                    "text",
                    {
                        "x": x + bar_w / 2,
                        "y": y - 4,
                        "text-anchor": "middle",
                        "font-size": 11,
                        "class": "chart-value",
                    },
                    _fmt(value, unit),
                )
            )
        bars.append(
            _el(
                "text",
                {
                    "x": left + group_w * (c_index + 0.5),
                    "y": bottom + 18,
                    "text-anchor": "middle",
                    "class": "chart-category",
                },
                category,
            )
        )
        body.append(_el("g", {"class": "chart-group"}, children=bars))
    body.append(
        _el("line", {"x1": left, "y1": bottom, "x2": right, "y2": bottom, "stroke": INK, "stroke-width": 1})
    )

    def swatch(index, x, y):
        return _el("rect", {"x": x, "y": y - 7, "width": 16, "height": 14, "fill": _fill(index, cid)})

    legend, legend_h = _legend(
        [s.label for s in series], top=bottom + 40, left=left, right=right, swatch=swatch
    )
    body.extend(legend)
    height = bottom + 30 + legend_h + 6
    desc = description or _describe(series, categories, unit)
    return _svg(
        cid=cid,
        kind="bar",
        title=title,
        desc=desc,
        width=WIDTH,
        height=height,
        defs=_pattern_defs(len(series), cid),
        body=body,
    )


def stacked_bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    stacks: Sequence[Series],
    unit: str = "",
    description: str | None = None,
) -> SafeString:
    """One horizontal bar per category, split into the stacks (e.g. levels 1-4).

    Bars are scaled to the largest category total; each segment shows its
    value when it is wide enough, and the total stands at the bar's end. The
    category label sits above its bar, so long competency names fit on a
    phone.
    """
    cid = _chart_id("stacked", title, categories, stacks, unit, description)
    categories = [str(c) for c in categories]
    table = [_values_by_label(s) for s in stacks]
    totals = [sum(values.get(c) or 0.0 for values in table) for c in categories]
    scale_max = max(totals, default=0.0) or 1.0
    left, right, top = 8.0, WIDTH - 56.0, 8.0
    row_h, bar_h = 44.0, 20.0
    body: list[str] = []
    for c_index, category in enumerate(categories):
        y = top + row_h * c_index
        parts = [_el("text", {"x": left, "y": y + 12, "class": "chart-category"}, category)]
        x = left
        for s_index, values in enumerate(table):
            value = values.get(category)
            if not value or value <= 0:
                continue
            w = (right - left) * value / scale_max
            parts.append(
                _el(
                    "rect",
                    {
                        "x": x,
                        "y": y + 17,
                        "width": w,
                        "height": bar_h,
                        "fill": _fill(s_index, cid),
                        "stroke": "#ffffff",
                        "stroke-width": 1,
                        "class": "chart-segment",
                    },
                )
            )
            text = _fmt(value, unit)
            text_w = 7.0 * len(text) + 6
            if w >= text_w + 2:
                # A solid chip behind the value keeps white-on-colour contrast over the hatching.
                parts.append(
                    _el(
                        "rect",
                        {
                            "x": x + (w - text_w) / 2,
                            "y": y + 20,
                            "width": text_w,
                            "height": 14,
                            "fill": _colour(s_index),
                        },
                    )
                )
                parts.append(
                    _el(
                        "text",
                        {
                            "x": x + w / 2,
                            "y": y + 31.5,
                            "text-anchor": "middle",
                            "font-size": 11,
                            "fill": "#ffffff",
                            "font-weight": "bold",
                            "class": "chart-value",
                        },
                        text,
                    )
                )
            x += w
        parts.append(
            _el("text", {"x": x + 6, "y": y + 31.5, "class": "chart-total"}, _fmt(totals[c_index], unit))
        )
        body.append(_el("g", {"class": "chart-group"}, children=parts))
    bottom = top + row_h * len(categories)

    def swatch(index, x, y):
        return _el("rect", {"x": x, "y": y - 7, "width": 16, "height": 14, "fill": _fill(index, cid)})

    legend, legend_h = _legend(
        [s.label for s in stacks], top=bottom + 12, left=left, right=WIDTH - 16.0, swatch=swatch
    )
    body.extend(legend)
    height = bottom + legend_h + 8
    if description is None:
        lines = []
        for c_index, category in enumerate(categories):
            shown = ", ".join(
                f"{s.label} {_fmt(values.get(category), unit)}"
                for s, values in zip(stacks, table, strict=True)
            )
            lines.append(f"{category}: {shown}; {_('jumlah')} {_fmt(totals[c_index], unit)}.")
        description = " ".join(lines)
    return _svg(
        cid=cid,
        kind="stacked",
        title=title,
        desc=description,
        width=WIDTH,
        height=height,
        defs=_pattern_defs(len(stacks), cid),
        body=body,
    )


def stage_bars(
    *,
    title: str,
    stages: Sequence[tuple[str, Number | None]],
    unit: str = "",
    description: str | None = None,
) -> SafeString:
    """One horizontal bar per stage (e.g. mentoring plans per stage), in order."""
    cid = _chart_id("stages", title, stages, unit, description)
    rows = [(str(label), _clean(value)) for label, value in stages]
    scale_max = max((v for _label, v in rows if v), default=0.0) or 1.0
    left, right, top = 8.0, WIDTH - 56.0, 8.0
    row_h, bar_h = 44.0, 20.0
    body: list[str] = []
    for index, (label, value) in enumerate(rows):
        y = top + row_h * index
        parts = [_el("text", {"x": left, "y": y + 12, "class": "chart-category"}, label)]
        w = (right - left) * max(value or 0.0, 0.0) / scale_max
        if w > 0:
            parts.append(
                _el(
                    "rect",
                    {
                        "x": left,
                        "y": y + 17,
                        "width": w,
                        "height": bar_h,
                        "fill": _colour(0),
                        "class": "chart-bar",
                    },
                )
            )
        parts.append(
            _el("text", {"x": left + w + 6, "y": y + 31.5, "class": "chart-value"}, _fmt(value, unit))
        )
        body.append(_el("g", {"class": "chart-group"}, children=parts))
    height = top + row_h * len(rows) + 4
    if description is None:
        description = "; ".join(f"{label}: {_fmt(value, unit)}" for label, value in rows) + "."
    return _svg(
        cid=cid, kind="stages", title=title, desc=description, width=WIDTH, height=height, defs=[], body=body
    )
