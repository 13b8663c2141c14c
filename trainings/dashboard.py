"""Dashboard panel: the next events with the user's RSVP; for the board, meetings whose minutes
are not final yet. Two queries.

Not cached (fokuss/panels.py): what it shows changes with the time of day (an event starts, a
meeting ends) as well as with the forum's data."""

from __future__ import annotations

from django.utils import timezone

from fokuss import policy
from fokuss.panels import Panel

from . import selectors


def panels(*, request) -> list[Panel]:
    forum = request.forum
    if forum is None or not policy.can(request.actor, "event.view", forum):
        return []
    now = timezone.now()
    context = {"upcoming": selectors.upcoming_for_user(forum=forum, user_id=request.user.pk, now=now),
               "pending": (selectors.minutes_pending(forum=forum, now=now)
                           if policy.can(request.actor, "event.manage", forum) else [])}
    return [Panel(template="trainings/panel.html", context=context, order=30)]
