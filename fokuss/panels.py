"""Dashboard panels contributed by the apps.

An app that wants a panel on the dashboard has a ``dashboard.py`` with
``def panels(*, request) -> list[Panel]``; panels are shown in the order of ``order``.
Each app's function must run a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
