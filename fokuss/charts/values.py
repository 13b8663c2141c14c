"""The data a chart draws and how its values read: ``Series``, value cleaning (NaN and
infinities are missing, anything but a number is a ``TypeError``), locale-aware value text and
the accessible description that lists every value in words."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

Number = int | float


@dataclass(frozen=True)
class Series:
    """A named list of ``(x_label, value)`` points; ``value`` may be ``None``."""

    label: str
    points: Sequence[tuple[str, Number | None]] = field(default_factory=tuple)


def clean(value) -> float | None:
    """A finite float, or None for missing / NaN / infinite values."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"Nilai grafik harus berupa angka atau None, bukan {type(value).__name__}.")
    value = float(value)
    return value if math.isfinite(value) else None


def fmt(value: float | None, unit: str = "") -> str:
    """A value as people read it: '62,5%' (locale aware), '-' when missing."""
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() else 1
    return f"{number_format(round(value, decimals), decimals)}{unit}"


def x_labels(series: Sequence[Series]) -> list[str]:
    """Every x label of the series, in order of first appearance."""
    labels: list[str] = []
    for s in series:
        for x, _value in s.points:
            if str(x) not in labels:
                labels.append(str(x))
    return labels


def values_by_label(s: Series) -> dict[str, float | None]:
    return {str(x): clean(v) for x, v in s.points}


def describe(series: Sequence[Series], labels: Sequence[str], unit: str) -> str:
    """One sentence per series: its label, then every x label with its value."""
    parts = []
    for s in series:
        values = values_by_label(s)
        shown = ", ".join(f"{label} {fmt(values.get(label), unit)}" for label in labels)
        parts.append(f"{s.label}: {shown}.")
    return " ".join(parts)
