"""Bar charts: ``bar_chart`` (grouped vertical bars, e.g. the grade distribution now and in
the previous period), ``stacked_bar_chart`` (one horizontal stacked bar per category, e.g. how
many secretaries sit at level 1-4 in each competency) and ``stage_bars`` (one horizontal bar per
stage, e.g. mentoring plans per stage). Bar series differ by hatching besides colour, and every
bar and segment carries its value as text."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .svg import WIDTH, Plot, chart_id, colour, document, el, fill, fill_swatch, legend, nice_max
from .values import Number, Series, clean, describe, fmt, values_by_label

# Horizontal bars (stacked bars, stage bars): one row per category, its label above the bar and
# its total right of the bar's end, so long competency names fit on a phone.
_ROW_LEFT, _ROW_RIGHT, _ROW_TOP = 8.0, WIDTH - 56.0, 8.0
_ROW_H, _BAR_H = 44.0, 20.0


def _row_width(value: float, scale_max: float) -> float:
    """The length of a horizontal bar, the longest row spanning the full width."""
    return (_ROW_RIGHT - _ROW_LEFT) * value / scale_max


def _row_bar(*, x: float, y: float, w: float, fill: str, cls: str, outline: dict | None = None) -> str:
    """One horizontal bar (or segment) in the row starting at ``y``."""
    return el(
        "rect",
        {"x": x, "y": y + 17, "width": w, "height": _BAR_H, "fill": fill, **(outline or {}), "class": cls},
    )


def _row(*, y: float, label: str, bars: list[str], end_x: float, end_text: str, end_class: str) -> str:
    """One row: the label, the bars, then ``end_text`` just right of ``end_x``."""
    return el(
        "g",
        {"class": "chart-group"},
        children=[
            el("text", {"x": _ROW_LEFT, "y": y + 12, "class": "chart-category"}, label),
            *bars,
            el("text", {"x": end_x + 6, "y": y + 31.5, "class": end_class}, end_text),
        ],
    )


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
    cid = chart_id("bar", title, categories, series, y_max, unit, description)
    categories = [str(c) for c in categories]
    table = [values_by_label(s) for s in series]
    highest = max((v for values in table for v in values.values() if v is not None), default=0.0)
    y_max = float(y_max) if y_max is not None and clean(y_max) and y_max > 0 else nice_max(highest)
    plot = Plot(top=22.0, y_max=y_max)
    left, bottom = plot.left, plot.bottom
    group_w = (plot.right - left) / max(len(categories), 1)
    bar_w = min(48.0, group_w * 0.8 / max(len(series), 1))

    body: list[str] = [plot.y_axis(unit)]
    for c_index, category in enumerate(categories):
        group_left = left + group_w * c_index + (group_w - bar_w * len(series)) / 2
        bars = []
        for s_index, values in enumerate(table):
            value = values.get(category)
            if value is None:
                continue
            x = group_left + bar_w * s_index
            y = plot.y_of(value)
            bars.append(
                el(
                    "rect",
                    {
                        "x": x + 1,
                        "y": y,
                        "width": bar_w - 2,
                        "height": bottom - y,
                        "fill": fill(s_index, cid),
                        "class": "chart-bar",
                    },
                )
            )
            bars.append(
                el(
                    "text",
                    {
                        "x": x + bar_w / 2,
                        "y": y - 4,
                        "text-anchor": "middle",
                        "font-size": 11,
                        "class": "chart-value",
                    },
                    fmt(value, unit),
                )
            )
        bars.append(
            el(
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
        body.append(el("g", {"class": "chart-group"}, children=bars))
    body.append(plot.baseline())

    items, height = plot.legend_below([s.label for s in series], fill_swatch(cid))
    body.extend(items)
    desc = description or describe(series, categories, unit)
    return document(
        cid=cid, kind="bar", title=title, desc=desc, height=height, body=body, patterns=len(series)
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
    cid = chart_id("stacked", title, categories, stacks, unit, description)
    categories = [str(c) for c in categories]
    table = [values_by_label(s) for s in stacks]
    totals = [sum(values.get(c) or 0.0 for values in table) for c in categories]
    scale_max = max(totals, default=0.0) or 1.0
    body: list[str] = []
    for c_index, category in enumerate(categories):
        y = _ROW_TOP + _ROW_H * c_index
        parts = []
        x = _ROW_LEFT
        for s_index, values in enumerate(table):
            value = values.get(category)
            if not value or value <= 0:
                continue
            w = _row_width(value, scale_max)
            parts.append(
                _row_bar(
                    x=x,
                    y=y,
                    w=w,
                    fill=fill(s_index, cid),
                    cls="chart-segment",
                    outline={"stroke": "#ffffff", "stroke-width": 1},
                )
            )
            text = fmt(value, unit)
            text_w = 7.0 * len(text) + 6
            if w >= text_w + 2:
                # A solid chip behind the value keeps white-on-colour contrast over the hatching.
                parts.append(
                    el(
                        "rect",
                        {
                            "x": x + (w - text_w) / 2,
                            "y": y + 20,
                            "width": text_w,
                            "height": 14,
                            "fill": colour(s_index),
                        },
                    )
                )
                parts.append(
                    el(
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
        body.append(
            _row(
                y=y,
                label=category,
                bars=parts,
                end_x=x,
                end_text=fmt(totals[c_index], unit),
                end_class="chart-total",
            )
        )
    bottom = _ROW_TOP + _ROW_H * len(categories)

    items, legend_h = legend(
        [s.label for s in stacks],
        top=bottom + 12,
        left=_ROW_LEFT,
        right=WIDTH - 16.0,
        swatch=fill_swatch(cid),
    )
    body.extend(items)
    if description is None:
        lines = []
        for c_index, category in enumerate(categories):
            shown = ", ".join(
                f"{s.label} {fmt(values.get(category), unit)}"
                for s, values in zip(stacks, table, strict=True)
            )
            lines.append(f"{category}: {shown}; {_('jumlah')} {fmt(totals[c_index], unit)}.")
        description = " ".join(lines)
    return document(
        cid=cid,
        kind="stacked",
        title=title,
        desc=description,
        height=bottom + legend_h + 8,
        body=body,
        patterns=len(stacks),
    )


def stage_bars(
    *,
    title: str,
    stages: Sequence[tuple[str, Number | None]],
    unit: str = "",
    description: str | None = None,
) -> SafeString:
    """One horizontal bar per stage (e.g. mentoring plans per stage), in order."""
    cid = chart_id("stages", title, stages, unit, description)
    rows = [(str(label), clean(value)) for label, value in stages]
    scale_max = max((v for _label, v in rows if v), default=0.0) or 1.0
    body: list[str] = []
    for index, (label, value) in enumerate(rows):
        y = _ROW_TOP + _ROW_H * index
        w = _row_width(max(value or 0.0, 0.0), scale_max)
        bars = [_row_bar(x=_ROW_LEFT, y=y, w=w, fill=colour(0), cls="chart-bar")] if w > 0 else []
        body.append(
            _row(
                y=y,
                label=label,
                bars=bars,
                end_x=_ROW_LEFT + w,
                end_text=fmt(value, unit),
                end_class="chart-value",
            )
        )
    height = _ROW_TOP + _ROW_H * len(rows) + 4
    if description is None:
        description = "; ".join(f"{label}: {fmt(value, unit)}" for label, value in rows) + "."
    return document(cid=cid, kind="stages", title=title, desc=description, height=height, body=body)
