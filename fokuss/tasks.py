"""Celery helpers shared by the apps' tasks (the pretix idea: enqueue only after commit)."""

from __future__ import annotations

from celery import Task, current_app
from django.db import transaction


def send(task: Task | str, *, args: tuple = (), kwargs: dict | None = None, **options) -> None:
    """Put a task on the broker now. ``task`` is a task or its registered name
    (``"<app>.tasks.<function>"``): a service that enqueues by name need not import its app's
    tasks module, which imports the services (no import cycle). Options (``countdown`` ...) go
    to ``apply_async``."""
    signature = current_app.signature(task) if isinstance(task, str) else task.s()
    signature.apply_async(args=args, kwargs=kwargs or {}, **options)


def enqueue_on_commit(task: Task | str, *args, **kwargs) -> None:
    """Send ``task(*args, **kwargs)`` once the current transaction commits (at once when there is
    none). ``task`` is a task or its registered name. Tasks take primary keys, never model instances."""
    transaction.on_commit(lambda: send(task, args=args, kwargs=kwargs))
