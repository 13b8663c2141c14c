"""Retention of sign-in and download records (members.AccessLog)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from fokuss.celery import app
from members import services, tasks
from members.models import AccessLog

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 29, 2, 30))


def _log(days_ago: float) -> AccessLog:
    return AccessLog.objects.create(action="login", at=NOW - datetime.timedelta(days=days_ago))


def test_purge_deletes_only_rows_past_the_retention(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    old = [_log(731), _log(2000)]
    kept = [_log(729), _log(0)]
    assert services.access_logs_purge(now=NOW) == len(old)
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {row.pk for row in kept}
    assert services.access_logs_purge(now=NOW) == 0  # idempotent


def test_retention_is_configurable():
    _log(40)
    _log(10)
    assert services.access_logs_purge(now=NOW, retention_days=30) == 1
    assert AccessLog.objects.count() == 1


def test_retention_must_be_at_least_a_day():
    _log(10)
    with pytest.raises(ValidationError):
        services.access_logs_purge(now=NOW, retention_days=0)
    assert AccessLog.objects.count() == 1


def test_task_calls_the_service(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 1
    AccessLog.objects.create(action="download", at=timezone.now() - datetime.timedelta(days=3))
    assert tasks.purge_access_logs.apply().get() == 1
    assert not AccessLog.objects.exists()


def test_beat_runs_the_task_every_night():
    task = PeriodicTask.objects.get(task="members.tasks.purge_access_logs")
    assert task.enabled and task.crontab.hour == "2" and task.crontab.minute == "30"
    assert "members.tasks.purge_access_logs" in app.tasks
