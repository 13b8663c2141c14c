"""``line_chart``: one line per series over shared x labels (e.g. the on-time rate per
quarter); ``None`` is a gap in the line. Lines differ by dash and marker shape besides colour, so
they can be told apart on a black-and-white print."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString

from .svg import Plot, chart_id, colour, document, el, num
from .values import Number, Series, clean, describe, values_by_label, x_labels

# Line styles and marker shapes per series, so that a line can be told apart
# without its colour (and on a black-and-white print).
_DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 5", "12 6")
_MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")


def _marker(index: int, x: float, y: float, cls: str | None = "chart-point") -> str:
    shape = _MARKERS[index % len(_MARKERS)]
    attrs = {"fill": colour(index), "stroke": "#ffffff", "stroke-width": 1, "class": cls}
    if shape == "circle":
        return el("circle", {"cx": x, "cy": y, "r": 4.0, **attrs})
    if shape == "square":
        return el("rect", {"x": x - 3.5, "y": y - 3.5, "width": 7, "height": 7, **attrs})
    if shape == "triangle":
        return el(
            "path",
            {
                "d": f"M{num(x)} {num(y - 5)} L{num(x + 4.5)} {num(y + 3.5)} L{num(x - 4.5)} {num(y + 3.5)} Z",
                **attrs,
            },
        )
    return el(
        "path",
        {
            "d": f"M{num(x)} {num(y - 5)} L{num(x + 5)} {num(y)} L{num(x)} {num(y + 5)} L{num(x - 5)} {num(y)} Z",
            **attrs,
        },
    )


def _swatch(index: int, x: float, y: float) -> str:
    """Legend swatch: a stretch of the series' line with its marker."""
    line = el(
        "line",
        {
            "x1": x,
            "y1": y,
            "x2": x + 16,
            "y2": y,
            "stroke": colour(index),
            "stroke-width": 2.5,
            "stroke-dasharray": _DASHES[index % len(_DASHES)],
        },
    )
    return line + _marker(index, x + 8, y, cls=None)


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    y_max: Number = 100,
    unit: str = "%",
    description: str | None = None,
) -> SafeString:
    """Lines over shared x labels; ``None`` (or NaN) leaves a gap."""
    cid = chart_id("line", title, series, y_max, unit, description)
    labels = x_labels(series)
    y_max = float(y_max) if clean(y_max) and y_max > 0 else 100.0
    plot = Plot(top=14.0, y_max=y_max)
    left, right, bottom = plot.left, plot.right, plot.bottom
    step = (right - left) / max(len(labels), 1)
    every = max(1, math.ceil(len(labels) / 8))  # at most ~8 x labels on a phone

    body: list[str] = [plot.y_axis(unit)]
    xs = []
    for index, label in enumerate(labels):
        x = left + step * (index + 0.5)
        xs.append(x)
        if index % every == 0:
            xs_label = el("text", {"x": x, "y": bottom + 18, "text-anchor": "middle"}, label)
            body.append(el("g", {"class": "chart-axis-x"}, children=[xs_label]))
    body.append(plot.baseline())

    for index, s in enumerate(series):
        values = values_by_label(s)
        runs: list[list[tuple[float, float]]] = [[]]
        markers = []
        for label, x in zip(labels, xs, strict=True):
            value = values.get(label)
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x, plot.y_of(value)))
            markers.append(_marker(index, x, plot.y_of(value)))
        paths = [
            el(
                "path",
                {
                    "d": " ".join(
                        f"{'M' if i == 0 else 'L'}{num(px)} {num(py)}" for i, (px, py) in enumerate(run)
                    ),
                    "fill": "none",
                    "stroke": colour(index),
                    "stroke-width": 2.5,
                    "stroke-dasharray": _DASHES[index % len(_DASHES)],
                    "stroke-linejoin": "round",
                    "class": "chart-line",
                },
            )
            for run in runs
            if len(run) > 1
        ]
        body.append(el("g", {"class": "chart-series"}, children=paths + markers))

    legend, height = plot.legend_below([s.label for s in series], _swatch)
    body.extend(legend)
    desc = description or describe(series, labels, unit)
    return document(cid=cid, kind="line", title=title, desc=desc, height=height, body=body)
