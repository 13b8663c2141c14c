"""Dashboard panels: the way to the capacity report for the board and the camat office (no query)
and, for the camat office, the headline figures of this quarter against the previous one, the
villages at a glance, the overdue list and the trend since the forum's founding."""

from __future__ import annotations

from django.utils import timezone

from fokuss import policy
from fokuss.panels import Panel

from . import selectors

# Rendered once per user, day and forum data version (fokuss/panels.py, fokuss/cache.py).
CACHED = True


def panels(*, request) -> list[Panel]:
    forum = request.forum
    if not request.actor.overseer_of(forum.pk):
        return []
    today = timezone.localdate()
    out = [Panel(template="reports/panel_capacity.html", order=26, context={"year": today.year})]
    if policy.can(request.actor, "report.camat_dashboard", forum):
        period = selectors.current_period(today=today)
        now = selectors.capacity_figures(forum=forum, period=period, today=today)
        before = selectors.capacity_figures(forum=forum, period=period.previous(), today=today)
        out.append(Panel(template="reports/panel_camat.html", order=5, context={
            "now": now, "before": before, "headlines": selectors.camat_headlines(now=now, before=before),
            "trends": selectors.camat_trend_charts(selectors.camat_trends(figures=now))}))
    return out
