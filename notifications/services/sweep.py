"""The sweep (beat, every few minutes): collect what every app needs to remind now, plan the
deliveries, re-enqueue overdue sends, and record the finished day."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from fokuss.discovery import app_modules
from fokuss.jobs import StaleJobs
from fokuss.tasks import send

from ..models import SweepDay
from .planning import Message, deliveries_plan
from .sending import deliveries_requeue

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    messages: int = 0
    created: int = 0
    requeued: int = 0
    jobs_requeued: int = 0
    per_app: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def reminder_modules() -> list[tuple[str, ModuleType]]:
    """Every installed app's ``reminders`` module (``due_messages(*, now)``)."""
    return [(name, module) for name, module in app_modules("reminders") if hasattr(module, "due_messages")]


def job_modules() -> list[tuple[str, ModuleType]]:
    """Every installed app's ``jobs`` module (``stale(*, now) -> Iterable[fokuss.jobs.StaleJobs]``)."""
    return [(name, module) for name, module in app_modules("jobs") if hasattr(module, "stale")]


def jobs_requeue(*, now: datetime.datetime | None = None, limit: int = 1000) -> int:
    """Put every app's stale jobs (queued or running, heartbeat older than fokuss.jobs.stale_before)
    back on the broker: a job row written while the broker was down, or held by a worker that
    died. The heartbeat is set to now in the same transaction, so the next sweep leaves the job
    alone until it is stale again. A broker still down is logged; the job waits for the next sweep."""
    now = now or timezone.now()
    count = 0
    for name, module in job_modules():
        for jobs in module.stale(now=now):
            count += _requeue(jobs, now=now, limit=limit, app=name)
    return count


def _requeue(jobs: StaleJobs, *, now: datetime.datetime, limit: int, app: str) -> int:
    with transaction.atomic():
        ids = list(jobs.queryset.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit])
        if not ids:
            return 0
        jobs.queryset.model.objects.filter(pk__in=ids).update(**{jobs.heartbeat_field: now})

        def _send(ids=ids):
            for pk in ids:
                try:
                    send(jobs.task, args=(pk,))
                except Exception:  # noqa: BLE001 - broker still down: the next sweep tries again
                    logger.exception("could not re-enqueue %s job %s (%s)", app, pk, jobs.task)

        transaction.on_commit(_send)
    logger.info("re-enqueued %d stale %s jobs (%s)", len(ids), app, jobs.task)
    return len(ids)


def reminders_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Collect what every app needs to remind now, plan the deliveries, re-enqueue overdue sends
    and stale jobs (fokuss.jobs). An app whose rules fail is logged and reported; the others still go out."""
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
    result.jobs_requeued = jobs_requeue(now=now)
    if not result.errors:  # a day whose rules failed somewhere is caught up by the next day's sweep
        SweepDay.objects.bulk_create(  # one upsert query, whether or not today was swept before
            [SweepDay(day=timezone.localtime(now).date(), finished_at=timezone.now())],
            update_conflicts=True, unique_fields=["day"], update_fields=["finished_at"])
    return result
