"""The sweep (beat, every few minutes): collect what every app needs to remind now, plan the
deliveries, re-enqueue overdue sends, and record the finished day."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from types import ModuleType

from django.utils import timezone

from fokuss.discovery import app_modules

from ..models import SweepDay
from .planning import Message, deliveries_plan
from .sending import deliveries_requeue

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    messages: int = 0
    created: int = 0
    requeued: int = 0
    per_app: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def reminder_modules() -> list[tuple[str, ModuleType]]:
    """Every installed app's ``reminders`` module (``due_messages(*, now)``)."""
    return [(name, module) for name, module in app_modules("reminders") if hasattr(module, "due_messages")]


def reminders_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Collect what every app needs to remind now, plan the deliveries, re-enqueue overdue sends.
    An app whose rules fail is logged and reported; the others still go out."""
    now = now or timezone.now()
    result = SweepResult()
    messages: list[Message] = []
    for name, module in reminder_modules():
        try:
            found = list(module.due_messages(now=now))
        except Exception as exc:  # noqa: BLE001 - one app's bug must not stop the others' reminders
            logger.exception("reminders of %s failed", name)
            result.errors[name] = f"{exc.__class__.__name__}: {exc}"
            continue
        result.per_app[name] = len(found)
        messages.extend(found)
    result.messages = len(messages)
    result.created = deliveries_plan(messages=messages, now=now)
    result.requeued = deliveries_requeue(now=now)
    if not result.errors:  # a day whose rules failed somewhere is caught up by the next day's sweep
        SweepDay.objects.bulk_create(  # one upsert query, whether or not today was swept before
            [SweepDay(day=timezone.localtime(now).date(), finished_at=timezone.now())],
            update_conflicts=True, unique_fields=["day"], update_fields=["finished_at"])
    return result
