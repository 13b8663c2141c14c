"""Dashboard panels: a secretary's next deadlines; submission progress for the board and the camat
office. Each a fixed number of queries."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fokuss.cache import forum_cached
from fokuss.panels import Panel

from . import selectors

# Rendered once per user, day and forum data version (fokuss/panels.py, fokuss/cache.py).
CACHED = True


def panels(*, request) -> list[Panel]:
    forum = request.forum
    actor = request.actor
    today = timezone.localdate()
    found: list[Panel] = []
    if actor.is_sekdes:
        # the recent ones first: what is overdue for more than a year waits on "Tenggat saya"
        items = sorted((d for d in selectors.my_deadlines(actor=actor, forum=forum, today=today)
                        if d.state != "terverifikasi"),
                       key=lambda d: getattr(d, "current", "") == "terlambat"
                       and getattr(d, "days_late", 0) > selectors.OLD_AFTER_DAYS)[:5]
        found.append(Panel(template="obligations/panel_my_deadlines.html", context={"items": items, "year": today.year}, order=20))
    if actor.overseer_of(forum.pk):
        start, end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=30)
        # The same for every overseer of the forum: computed once per data version and day.
        summaries, counts = forum_cached(forum.pk, "obligations-progress", [today], lambda: (
            selectors.period_summaries(forum=forum, start=start, end=end),
            selectors.status_counts(forum=forum, start=start, end=end, today=today)))
        total = sum(counts.values())
        found.append(Panel(template="obligations/panel_progress.html", order=25, context={
            "summaries": summaries[-6:], "counts": counts, "total": total,
            "percent": {k: (round(100 * v / total) if total else 0) for k, v in counts.items()},
            "today": today,
        }))
    return found
