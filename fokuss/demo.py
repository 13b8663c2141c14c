"""Demo data: each app may have ``demo.py`` with ``seed(*, forum, today, log)``; seed_demo runs
them in INSTALLED_APPS order after members has created the forum and its people."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from importlib import import_module

from django.apps import apps

DEMO_PASSWORD = "fokuss2017"


def app_seeders() -> list[tuple[str, Callable]]:
    found = []
    for config in apps.get_app_configs():
        if config.name in ("members", "fokuss"):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        found.append((config.name, module.seed))
    return found


def seed_all(*, today: datetime.date, log: Callable[[str], None]):
    from members.demo import seed as seed_members

    forum = seed_members(today=today, log=log)
    for name, seed in app_seeders():
        log(f"- {name}")
        seed(forum=forum, today=today, log=log)
    return forum
