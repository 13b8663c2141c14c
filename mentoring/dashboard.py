"""Dashboard card: active and stalled mentoring plans the user is part of (or all, for overseers)."""

from __future__ import annotations

from django.utils import timezone

from fokuss import policy
from fokuss.panels import Panel

from . import selectors

# Rendered once per user, day and forum data version (fokuss/panels.py, fokuss/cache.py).
CACHED = True


def panels(*, request) -> list[Panel]:
    forum, actor = request.forum, request.actor
    if forum is None:
        return []
    plans = selectors.visible_plans(actor=actor, forum=forum, status="aktif")
    if not plans and not policy.can(actor, "mentoring.view", forum):
        return []
    today = timezone.localdate()
    stalled = [p for p in plans if selectors.plan_is_stalled(p, today=today, days=forum.stalled_mentoring_days)]
    return [Panel(template="mentoring/_panel.html", context={"plans": plans[:5], "active": len(plans),
                                                             "stalled": len(stalled)}, order=41)]
