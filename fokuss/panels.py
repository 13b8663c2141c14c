"""Dashboard panels contributed by the apps.

An app that wants a panel on the dashboard has a ``dashboard.py`` with
``def panels(*, request) -> list[Panel]``; panels are shown in the order of ``order``.
Each app's function must run a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def collect_panels(*, request) -> list[Panel]:
    panels: list[Panel] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        panels.extend(module.panels(request=request))
    return sorted(panels, key=lambda p: p.order)
