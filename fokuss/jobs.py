"""Work that must not get stuck: job rows (a CertificateRun ...) written before their task is put
on the broker.

If the broker is down when a job is started, the row is committed but no task carries it. Two
things keep such work moving:
- the view that started it catches ``BROKER_ERRORS`` and shows ``QUEUE_UNAVAILABLE`` (never a 500);
- the reminder sweep (beat, every 5 minutes) re-enqueues every app's stale jobs: each app lists
  them in its ``jobs`` module, found with ``fokuss.discovery.app_modules("jobs")``::

      def stale(*, now) -> Iterable[fokuss.jobs.StaleJobs]

  A job is stale when it is queued or running and its heartbeat (set when it is put on the
  broker, and by the task as it makes progress) is older than ``stale_before(now)``. The sweep
  sets the heartbeat when it re-enqueues, so a job is sent again once per ``JOBS_STALE_AFTER_SECONDS``,
  never on every sweep.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

# What a task's apply_async raises when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (OperationalError, ConnectionError, TimeoutError)

QUEUE_UNAVAILABLE = _("Antrean pekerjaan sedang tidak tersedia; pekerjaan akan dijalankan otomatis setelah pulih.")


@dataclass(frozen=True)
class StaleJobs:
    """Rows of one job model whose task is overdue. ``task`` is the registered task name; it gets
    the row's primary key. ``heartbeat_field`` is set to now when the row is re-enqueued."""

    queryset: QuerySet
    task: str
    heartbeat_field: str = "heartbeat_at"


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)


def stale_before(now: datetime.datetime) -> datetime.datetime:
    """Jobs whose heartbeat is older than this are considered lost and are re-enqueued."""
    return now - stale_after()
