"""Planning and sending reminders.

Apps describe what to tell whom as ``Message`` values and call ``deliveries_plan``; the planner
expands them to one Delivery row per channel the recipient accepts (the in-app notification
centre always), inserts the rows with ON CONFLICT DO NOTHING and enqueues one send task per row
after commit. ``delivery_send`` does the work for one row, exactly once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fokuss.tasks import enqueue_on_commit

from .channels import ChannelError, get_channel
from .models import Channel, Delivery, Notification, Preference

QUIET_START = datetime.time(21, 0)
QUIET_END = datetime.time(6, 0)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Message:
    key: str  # what the reminder is about, e.g. "deadline:42:lead"
    slot: str  # which occurrence, e.g. "H-7" or "2026-11-23"
    recipient_id: int
    subject: str
    body: str
    url: str = ""
    forum_id: int | None = None
    channels: tuple[str, ...] = (Channel.INAPP, Channel.EMAIL, Channel.WHATSAPP)


def _accepted_channels(messages: list[Message]) -> dict[int, set[str]]:
    """Per recipient, the channels their preferences accept (one query)."""
    recipients = {m.recipient_id for m in messages}
    accepted = {r: {Channel.INAPP, Channel.EMAIL, Channel.WHATSAPP} for r in recipients}
    for pref in Preference.objects.filter(user_id__in=recipients):
        if not pref.email:
            accepted[pref.user_id].discard(Channel.EMAIL)
        if not pref.whatsapp:
            accepted[pref.user_id].discard(Channel.WHATSAPP)
    return accepted


def deliveries_plan(*, messages: Iterable[Message]) -> int:
    """Insert the Delivery rows for these messages (duplicates ignored) and enqueue the new ones.
    Returns the number of rows that were pending after the insert."""
    messages = list(messages)
    if not messages:
        return 0
    accepted = _accepted_channels(messages)
    rows = [
        Delivery(
            key=m.key, slot=m.slot, recipient_id=m.recipient_id, channel=channel, forum_id=m.forum_id,
            subject=m.subject[:200], body=m.body, url=m.url,
        )
        for m in messages
        for channel in m.channels
        if channel in accepted[m.recipient_id]
    ]
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        keys = {m.key for m in messages}
        pending = list(
            Delivery.objects.filter(key__in=keys, status=Delivery.Status.PENDING, attempts=0).values_list("pk", flat=True)
        )
        from .tasks import send_delivery

        for pk in pending:
            enqueue_on_commit(send_delivery, pk)
    return len(pending)


def _in_quiet_hours(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment).time()
    return local >= QUIET_START or local < QUIET_END


def _after_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    day = local.date() if local.time() < QUIET_END else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, QUIET_END))


@dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: int | None = None  # seconds, when the caller should retry
    eta: datetime.datetime | None = None  # when the caller should try again (quiet hours)


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> SendOutcome:
    """Send one Delivery exactly once: lock the row, skip it if another worker has it or it is
    done, send through its channel, record the result."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=delivery_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING])
            .first()
        )
        if delivery is None:
            return SendOutcome(status="skipped")
        if delivery.channel == Channel.WHATSAPP and _in_quiet_hours(now):
            delivery.not_before = _after_quiet_hours(now)
            delivery.save(update_fields=["not_before"])
            return SendOutcome(status=delivery.status, eta=delivery.not_before)
        delivery.attempts += 1
        try:
            get_channel(delivery.channel).send(delivery=delivery)
        except ChannelError as exc:
            delivery.last_error = str(exc)[:1000]
            retry = not exc.permanent and delivery.attempts < MAX_ATTEMPTS
            delivery.status = Delivery.Status.RETRYING if retry else Delivery.Status.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            return SendOutcome(status=delivery.status, retry_in=(60 * 2 ** (delivery.attempts - 1)) if retry else None)
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return SendOutcome(status=delivery.status)


def delivery_resend(*, delivery: Delivery) -> Delivery:
    """Put a failed delivery back in the queue (board / admin action)."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.RETRYING, last_error=""
        )
        if updated:
            from .tasks import send_delivery

            enqueue_on_commit(send_delivery, delivery.pk)
    delivery.refresh_from_db()
    return delivery


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
