"""One way to find the modules apps contribute by name: Django's ``autodiscover_modules``.

Per-app modules (see docs/conventions.md):
- ``dashboard``: ``panels(*, request) -> list[fokuss.panels.Panel]``
- ``reminders``: ``due_messages(*, now) -> Iterable[Message]`` (collected by the reminder sweep)
- ``demo``:      ``seed(*, forum, today, log)`` (run by ``manage.py seed_demo`` after members)
- ``calendar``:  ``entries(*, actor, today, now) -> Iterable[fokuss.ical.Entry]`` (the one iCal feed)
- ``jobs``:      ``stale(*, now) -> Iterable[fokuss.jobs.StaleJobs]`` (re-enqueued by the reminder sweep)
- ``attachments``: ``RESOLVERS = {"<name>": fn(arg, *, recipient, forum) -> notifications.mail.Attachment | None}``
                 (files an e-mail carries, made when it is sent from the key "<name>:<arg>" on the delivery)
"""

from __future__ import annotations

import sys
from functools import cache
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


@cache
def app_modules(name: str) -> tuple[tuple[str, ModuleType], ...]:
    """Each installed app's ``<app>.<name>`` module, in INSTALLED_APPS order. An app without one
    is skipped; an error inside a module that exists is raised, not hidden."""
    autodiscover_modules(name)
    found = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{name}")
        if module is not None:
            found.append((config.name, module))
    return tuple(found)
