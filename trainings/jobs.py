"""Trainings' Celery-backed jobs, for the reminder sweep to re-enqueue when they got stuck
(fokuss.jobs): a certificate run written while the broker was down, or held by a dead worker."""

from __future__ import annotations

import datetime

from fokuss.jobs import StaleJobs, stale_before

from .models import CertificateRun
from .services.certificates import GENERATE_TASK


def stale(*, now: datetime.datetime) -> list[StaleJobs]:
    return [StaleJobs(
        queryset=CertificateRun.objects.filter(status__in=[CertificateRun.Status.QUEUED, CertificateRun.Status.RUNNING],
                                               heartbeat_at__lt=stale_before(now)),
        task=GENERATE_TASK,
    )]
