"""Dashboard panel: the way to the capacity report for the board and the camat office (no query)."""

from __future__ import annotations

from django.utils import timezone

from fokuss.panels import Panel


def panels(*, request) -> list[Panel]:
    if not request.actor.overseer_of(request.forum.pk):
        return []
    return [Panel(template="reports/panel_capacity.html", order=26, context={"year": timezone.localdate().year})]
