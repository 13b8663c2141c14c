"""Small figures shared by reports."""

from __future__ import annotations


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent with one decimal; None when there is nothing to count."""
    return round(100 * part / whole, 1) if whole else None
