"""Small presentation helpers for templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter(name="zip")
def zip_filter(left, right) -> list[tuple]:
    """Pairs of two parallel lists: ``{% for column, value in columns|zip:row.cells %}``
    (a table cell and the heading it stands under, e.g. to name a cell for a screen reader)."""
    return list(zip(left or (), right or (), strict=False))
