"""Dashboard card: a sekdes sees her grade; the board sees what waits for validation."""

from __future__ import annotations

from fokuss import policy
from fokuss.panels import Panel

from . import selectors
from .models import Assessment, Framework

# Rendered once per user, day and forum data version (fokuss/panels.py, fokuss/cache.py).
CACHED = True


def panels(*, request) -> list[Panel]:
    forum, actor = request.forum, request.actor
    if forum is None:
        return []
    context = {"pending": None, "grade": None}
    if policy.can(actor, "competency.validate", forum):
        context["pending"] = Assessment.objects.filter(forum=forum, status=Assessment.Status.SUBMITTED).values(
            "person_id").distinct().count()
    if policy.can(actor, "competency.own_profile", forum):
        framework = Framework.current(forum=forum)
        codes = list(framework.competencies.values_list("code", flat=True)) if framework else []
        levels = selectors.current_levels(person_ids=[request.user.pk])
        context["grade"] = selectors.grade_for([levels.get((request.user.pk, c)) for c in codes])
    if context["pending"] is None and context["grade"] is None:
        return []
    return [Panel(template="competency/_panel.html", context=context, order=40)]
