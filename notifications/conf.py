"""Tunables of the reminder machinery: a Django setting wins, then an environment variable (so a
worker started by a test can be tuned), then the default."""

from __future__ import annotations

import os

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, str(default))
    return int(value)


def requeue_after_seconds() -> int:
    """A send task not done this long after it was enqueued is considered lost and re-enqueued."""
    return _int("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", 600)


def retry_base_seconds() -> int:
    """First retry after this many seconds, doubling each attempt."""
    return _int("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)


def batch_size() -> int:
    """Deliveries per send task."""
    return _int("NOTIFICATIONS_BATCH_SIZE", 50)


def max_attempts() -> int:
    """A retryable failure becomes "failed" after this many attempts."""
    return _int("NOTIFICATIONS_MAX_ATTEMPTS", 5)


def quiet_hours_enabled() -> bool:
    """No WhatsApp 21:00-06:00 WIB. Only a worker started by a robustness test turns this off (so
    the test does not depend on the hour it runs at); quiet hours have their own tests."""
    value = getattr(settings, "NOTIFICATIONS_QUIET_HOURS", None)
    if value is None:
        value = os.environ.get("NOTIFICATIONS_QUIET_HOURS", "on")
    return str(value).lower() not in ("off", "0", "false", "")
