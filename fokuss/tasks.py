"""Celery helpers shared by the apps' tasks (the pretix idea: enqueue only after commit)."""

from __future__ import annotations

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task.delay(*args, **kwargs)`` once the current transaction commits (at once when
    there is none). Tasks take primary keys, never model instances."""
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))
