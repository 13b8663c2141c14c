"""The drawing primitives every chart shares: escaped elements, the palette and hatching
patterns, the vertical plot area (y axis, gridlines, baseline), the legend and the ``<svg>``
wrapper with its ``<title>`` and ``<desc>``.

Every piece of text passes through ``el``, which escapes attribute values and text content."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .values import fmt

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
TITLE_LINE_H = 19
TITLE_CHAR_W = 8.6  # average advance of a bold 15 px character, generous so nothing is cut


def _wrap(text: str, *, max_chars: int) -> list[str]:
    """Break ``text`` at spaces into lines of at most ``max_chars`` characters (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# Hatching per bar series: none for the first, then diagonal, dots, cross.
PATTERNS = (None, "diagonal", "dots", "cross", "horizontal", "vertical")

#: Draws a legend swatch: (series index, x, y of the legend row's middle) -> markup.
Swatch = Callable[[int, float, float], str]


def num(value) -> str:
    """A coordinate: at most two decimals, no trailing zeros, deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def el(tag: str, attrs: dict | None = None, text: str | None = None, children: Iterable[str] = ()) -> str:
    """One SVG element; every attribute value and the text are escaped."""
    parts = [tag]
    for key, value in (attrs or {}).items():
        if value is None or value == "":
            continue
        if isinstance(value, float):
            value = num(value)
        parts.append(f'{key}="{escape(str(value))}"')
    inner = (escape(text) if text is not None else "") + "".join(children)
    if not inner:
        return f"<{' '.join(parts)}/>"
    return f"<{' '.join(parts)}>{inner}</{tag}>"


def chart_id(kind: str, *data) -> str:
    """An id derived from the chart's input: stable across runs, distinct per chart."""
    digest = hashlib.sha1(repr((kind, data)).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def pattern_defs(count: int, cid: str) -> list[str]:
    """Hatching patterns (white strokes over the series colour) for bar series."""
    defs = []
    for index in range(count):
        kind = PATTERNS[index % len(PATTERNS)]
        if kind is None:
            continue
        shapes = [el("rect", {"width": 8, "height": 8, "fill": colour(index)})]
        white = {"stroke": "#ffffff", "stroke-width": 1.5}
        if kind == "diagonal":
            shapes.append(el("path", {"d": "M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6", **white}))
        elif kind == "dots":
            shapes.append(el("circle", {"cx": 4, "cy": 4, "r": 1.6, "fill": "#ffffff"}))
        elif kind == "cross":
            shapes.append(el("path", {"d": "M0 0 L8 8 M8 0 L0 8", **white}))
        elif kind == "horizontal":
            shapes.append(el("path", {"d": "M0 4 L8 4", **white}))
        else:
            shapes.append(el("path", {"d": "M4 0 L4 8", **white}))
        defs.append(
            el(
                "pattern",
                {"id": f"{cid}-p{index}", "width": 8, "height": 8, "patternUnits": "userSpaceOnUse"},
                children=shapes,
            )
        )
    return defs


def fill(index: int, cid: str) -> str:
    """The fill of bar series ``index``: its colour, hatched from the second series on."""
    if PATTERNS[index % len(PATTERNS)] is None:
        return colour(index)
    return f"url(#{cid}-p{index})"


def fill_swatch(cid: str) -> Swatch:
    """Legend swatches for bar series: a small rectangle in the series' fill."""

    def swatch(index: int, x: float, y: float) -> str:
        return el("rect", {"x": x, "y": y - 7, "width": 16, "height": 14, "fill": fill(index, cid)})

    return swatch


def legend(
    labels: Sequence[str], *, top: float, left: float, right: float, swatch: Swatch
) -> tuple[list[str], float]:
    """Legend items laid out in rows; returns (elements, height used)."""
    items, x, y = [], left, top
    for index, label in enumerate(labels):
        approx = 26 + len(label) * FONT_SIZE * 0.55
        if x > left and x + approx > right:
            x, y = left, y + 20
        items.append(
            el(
                "g",
                {"class": "chart-legend-item"},
                children=[swatch(index, x, y), el("text", {"x": x + 20, "y": y + 4.5}, label)],
            )
        )
        x += approx + 14
    return [el("g", {"class": "chart-legend"}, children=items)] if items else [], (
        y - top + 20 if items else 0
    )


def nice_max(value: float) -> float:
    """The next 'round' number at or above value (1, 2, 2.5, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exponent + 1))  # pragma: no cover - the loop always returns


def ticks(y_max: float) -> list[float]:
    """Gridline values: quarters, or fifths when those are whole numbers (0, 2, 4, ... 10)."""
    count = 5 if not (y_max / 4).is_integer() and (y_max / 5).is_integer() else 4
    return [y_max * i / count for i in range(count + 1)]


@dataclass(frozen=True)
class Plot:
    """The plot area of the vertical charts (lines, grouped bars): 0 at ``bottom``, ``y_max`` at
    ``top``, the y-axis labels left of ``left``, the x labels and then the legend below."""

    top: float
    y_max: float
    left: float = 46.0
    right: float = WIDTH - 16.0
    height: float = 190.0

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y_of(self, value: float) -> float:
        """The y coordinate of a value, clipped to 0 .. y_max."""
        return self.bottom - self.height * min(max(value, 0.0), self.y_max) / self.y_max

    def y_axis(self, unit: str) -> str:
        """The gridlines, each with its value at the left."""
        grid = []
        for tick in ticks(self.y_max):
            y = self.y_of(tick)
            grid.append(
                el(
                    "line",
                    {"x1": self.left, "y1": y, "x2": self.right, "y2": y, "stroke": GRID, "stroke-width": 1},
                )
            )
            grid.append(el("text", {"x": self.left - 6, "y": y + 4.5, "text-anchor": "end"}, fmt(tick, unit)))
        return el("g", {"class": "chart-axis-y"}, children=grid)

    def baseline(self) -> str:
        """The x axis line at value 0."""
        bottom = self.bottom
        return el(
            "line",
            {"x1": self.left, "y1": bottom, "x2": self.right, "y2": bottom, "stroke": INK, "stroke-width": 1},
        )

    def legend_below(self, labels: Sequence[str], swatch: Swatch) -> tuple[list[str], float]:
        """The legend under the x labels; returns (elements, the chart's height including it)."""
        items, legend_h = legend(
            labels, top=self.bottom + 40, left=self.left, right=self.right, swatch=swatch
        )
        return items, self.bottom + 30 + legend_h + 6


def document(
    *,
    cid: str,
    kind: str,
    title: str,
    desc: str,
    height: float,
    body: list[str],
    patterns: int = 0,
    width: float = WIDTH,
) -> SafeString:
    """The ``<svg>`` element: accessible name and description, the hatching patterns of the
    first ``patterns`` bar series, the drawn title, then ``body`` below the title."""
    children = [
        el("title", {"id": f"{cid}-t"}, title),
        el("desc", {"id": f"{cid}-d"}, desc),
    ]
    defs = pattern_defs(patterns, cid)
    if defs:
        children.append(el("defs", children=defs))
    # The title is drawn too, so a chart explains itself in a PDF or a screenshot.
    # A title wider than the chart goes on as many lines as it needs instead of being cut at the edge.
    lines = _wrap(title, max_chars=int((width - 16) / TITLE_CHAR_W))
    for n, line in enumerate(lines):
        children.append(
            el("text", {"x": 8, "y": 18 + n * TITLE_LINE_H, "font-size": 15, "font-weight": "bold",
                        "class": "chart-title"}, line)
        )
    title_h = TITLE_H + (len(lines) - 1) * TITLE_LINE_H
    children.append(el("g", {"transform": f"translate(0 {title_h})"}, children=body))
    height += title_h
    svg = el(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {num(width)} {num(height)}",
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
    return mark_safe(svg)  # noqa: S308 - every text and attribute went through el/escape  # nosec B308 B703
