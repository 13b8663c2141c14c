"""Dashboard panels contributed by the apps.

An app that wants a panel on the dashboard has a ``dashboard.py`` with
``def panels(*, request) -> list[Panel]``; panels are shown in the order of ``order``.
Each app's function must run a fixed number of queries.

A ``dashboard.py`` that sets ``CACHED = True`` has its panels rendered once per user, day and forum
data version (fokuss/cache.py) and served from the cache until the forum's data changes. Only for
panels that depend on nothing else: the user, their posts in the forum, the forum's rows and the
date (not the time of day, not notifications).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from .cache import forum_cached
from .discovery import app_modules


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def collect_panels(*, request) -> list[Panel]:
    panels: list[Panel] = []
    for _name, module in app_modules("dashboard"):
        panels.extend(module.panels(request=request))
    return sorted(panels, key=lambda p: p.order)


def _render(panels: list[Panel]) -> list[tuple[int, str]]:
    # Panel templates see only their own context (no request, no context processors): what they
    # show is what the key says, whoever rendered them.
    return [(p.order, render_to_string(p.template, {"panel": p.context})) for p in panels]


def rendered_panels(*, request) -> list[SafeString]:
    """The HTML of every panel for this request, in order; cached ones from the cache."""
    forum, today = request.forum, timezone.localdate()
    found: list[tuple[int, str]] = []
    for name, module in app_modules("dashboard"):
        if forum is not None and getattr(module, "CACHED", False):
            found.extend(forum_cached(forum.pk, f"panels:{name}", [request.user.pk, today],
                                      lambda module=module: _render(module.panels(request=request))))
        else:
            found.extend(_render(module.panels(request=request)))
    return [html for _order, html in sorted(found, key=lambda item: item[0])]
