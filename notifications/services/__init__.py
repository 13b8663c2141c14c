"""Writes of the reminder machinery, by subject: ``planning`` (Message, deliveries_plan), ``sending``
(exactly-once sends, retries, requeue, resend), ``sweep`` (every app's reminders), ``digest`` (one
message a day) and ``inbox`` (the in-app centre, preferences). Callers import from here."""

from .digest import digest_send, digests_plan
from .inbox import email_unsubscribe, notification_mark_read, preference_update
from .planning import (
    ALL_CHANNELS,
    SEND_DELIVERIES,
    SEND_DELIVERY,
    SEND_DIGEST,
    Message,
    deliveries_plan,
)
from .sending import (
    SendOutcome,
    backoff_seconds,
    deliveries_requeue,
    deliveries_send_batch,
    delivery_resend,
    delivery_send,
)
from .sweep import SweepResult, reminder_modules, reminders_sweep

__all__ = [
    "ALL_CHANNELS", "SEND_DELIVERIES", "SEND_DELIVERY", "SEND_DIGEST", "Message", "SendOutcome", "SweepResult",
    "backoff_seconds", "deliveries_plan", "email_unsubscribe", "deliveries_requeue", "deliveries_send_batch", "delivery_resend",
    "delivery_send", "digest_send", "digests_plan", "notification_mark_read", "preference_update",
    "reminder_modules", "reminders_sweep",
]
