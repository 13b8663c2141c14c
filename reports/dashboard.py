"""Dashboard panels: a pendamping's villages at a glance ("Desa dampingan saya"); the way to the
capacity report for the board and the camat office (no query); for the board, the on-time rate per
year and the grade distribution as charts (kabupaten staff: the on-time rate); for the camat office,
the headline figures of this quarter against the previous one, the
villages at a glance, the overdue list and the trend since the forum's founding."""

from __future__ import annotations

from django.utils import timezone

from fokuss import policy
from fokuss.cache import forum_cached
from fokuss.panels import Panel

from . import selectors

# Rendered once per user, day and forum data version (fokuss/panels.py, fokuss/cache.py).
CACHED = True


def panels(*, request) -> list[Panel]:
    forum = request.forum
    today = timezone.localdate()
    out = []
    if policy.can(request.actor, "village.facilitated", forum):
        rows = selectors.facilitated_status(forum=forum, user_id=request.user.pk, today=today)
        out.append(Panel(template="reports/panel_facilitated.html", order=4,
                         context={"rows": rows, "summary": selectors.facilitated_summary(rows)}))
    if not request.actor.overseer_of(forum.pk):
        if policy.can(request.actor, "kabupaten.rollup", forum):  # kabupaten staff: the on-time trend
            out.append(Panel(template="reports/panel_board_charts.html", order=27, context=forum_cached(
                forum.pk, "on-time-chart", [today], lambda: {"on_time": selectors.on_time_chart(forum=forum, today=today)})))
        return out
    out.append(Panel(template="reports/panel_capacity.html", order=26, context={"year": today.year}))
    if policy.can(request.actor, "forum.manage", forum):
        # The same for every board member of the forum: computed once per data version and day.
        out.append(Panel(template="reports/panel_board_charts.html", order=27, context=forum_cached(
            forum.pk, "board-charts", [today], lambda: selectors.board_charts(forum=forum, today=today))))
    if policy.can(request.actor, "report.camat_dashboard", forum):
        period = selectors.current_period(today=today)
        now = selectors.capacity_figures(forum=forum, period=period, today=today)
        before = selectors.capacity_figures(forum=forum, period=period.previous(), today=today)
        out.append(Panel(template="reports/panel_camat.html", order=5, context={
            "now": now, "before": before, "headlines": selectors.camat_headlines(now=now, before=before),
            "trends": selectors.camat_trend_charts(selectors.camat_trends(figures=now))}))
    return out
