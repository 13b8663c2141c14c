"""Sending, exactly once: ``delivery_send`` locks the row, skips it when it is already done or
held by another worker, sends through its channel, and records the outcome in the same transaction.

Recovery: every row remembers when its send task was put on the broker (``enqueued_at``). The
sweep re-enqueues rows whose task is overdue (lost by a Redis restart, or held by a worker killed
with SIGKILL), so a reminder is never missing; the row lock and the status make the extra task
harmless, so it is never duplicated."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.tasks import send

from .. import conf
from ..channels import ChannelError, get_channel
from ..models import Channel, Delivery
from .planning import SEND_DELIVERY, enqueue_batches

logger = logging.getLogger(__name__)

QUIET_START = datetime.time(21, 0)  # no WhatsApp between 21:00 and 06:00 WIB
QUIET_END = datetime.time(6, 0)


def in_quiet_hours(moment: datetime.datetime) -> bool:
    if not conf.quiet_hours_enabled():
        return False
    local = timezone.localtime(moment).time()
    return local >= QUIET_START or local < QUIET_END


def after_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    day = local.date() if local.time() < QUIET_END else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, QUIET_END))


def backoff_seconds(attempts: int) -> int:
    return conf.retry_base_seconds() * 2 ** max(attempts - 1, 0)


@dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: int | None = None  # seconds, when the caller should retry
    eta: datetime.datetime | None = None  # deferred until then (quiet hours); the sweep picks it up


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> SendOutcome:
    """Send one Delivery exactly once: lock the row, skip it if another worker has it, it is done
    or it is not due yet, send through its channel, record the result. Never raises for a failed
    send: the failure is recorded on the row (retrying, or failed after MAX_ATTEMPTS)."""
    now = now or timezone.now()
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # SQLite has no row locks: take the database write lock first (a no-op update), so a
            # second worker waits and then finds the row already sent instead of sending it too.
            open_rows = Delivery.objects.filter(pk=delivery_id, status__in=[Delivery.Status.PENDING,
                                                                             Delivery.Status.RETRYING])
            if not open_rows.update(attempts=F("attempts")):
                return SendOutcome(status="skipped")
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=delivery_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING], digest=False)
            .first()
        )
        if delivery is None:
            return SendOutcome(status="skipped")
        if delivery.not_before and delivery.not_before > now + datetime.timedelta(seconds=1):
            return SendOutcome(status="not-due", eta=delivery.not_before)
        if delivery.channel == Channel.WHATSAPP and in_quiet_hours(now):
            delivery.not_before = after_quiet_hours(now)
            delivery.enqueued_at = None  # nothing outstanding: the sweep enqueues it at 06:00 WIB
            delivery.save(update_fields=["not_before", "enqueued_at"])
            return SendOutcome(status="deferred", eta=delivery.not_before)
        delivery.attempts += 1
        wait: int | None = None
        try:
            get_channel(delivery.channel).send(delivery=delivery)
        except Exception as exc:  # noqa: BLE001 - every failure ends on the row, never in the sweep
            permanent = isinstance(exc, ChannelError) and exc.permanent
            message = str(exc) if isinstance(exc, ChannelError) else _("galat tak terduga (%(error)s)") % {
                "error": f"{exc.__class__.__name__}: {exc}"}
            retry = not permanent and delivery.attempts < conf.max_attempts()
            delivery.last_error = message[:1000]
            delivery.status = Delivery.Status.RETRYING if retry else Delivery.Status.FAILED
            fields = ["attempts", "last_error", "status"]
            if retry:
                wait = backoff_seconds(delivery.attempts)
                delivery.not_before = now + datetime.timedelta(seconds=wait)
                delivery.enqueued_at = delivery.not_before  # the retry task is due then
                fields += ["not_before", "enqueued_at"]
            delivery.save(update_fields=fields)
            logger.warning("delivery %s attempt %s failed: %s", delivery.pk, delivery.attempts, message)
            return SendOutcome(status=delivery.status, retry_in=wait)
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return SendOutcome(status=delivery.status)


def deliveries_send_batch(*, delivery_ids: list[int]) -> dict[str, int]:
    """Send a batch (one task per batch keeps a national sweep's broker traffic small). Rows that
    need a retry get their own ``send_delivery`` task with a countdown."""
    counts: dict[str, int] = defaultdict(int)
    for pk in delivery_ids:
        outcome = delivery_send(delivery_id=pk)
        counts[outcome.status] += 1
        if outcome.retry_in is not None:
            try:
                send(SEND_DELIVERY, args=(pk,), countdown=outcome.retry_in)
            except Exception:  # noqa: BLE001 - the sweep re-enqueues it when due
                logger.exception("could not enqueue the retry of delivery %s", pk)
    return dict(counts)


def deliveries_requeue(*, now: datetime.datetime | None = None, limit: int = 200_000) -> int:
    """Re-enqueue rows that are due and whose send task is overdue or was never put on the broker
    (lost in a Redis restart, held by a killed worker, deferred for quiet hours, broker down).
    Constant number of queries for a given limit."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=conf.requeue_after_seconds())
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING], digest=False)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        for start in range(0, len(ids), 10_000):
            Delivery.objects.filter(pk__in=ids[start:start + 10_000]).update(enqueued_at=now)
        enqueue_batches(ids)
    return len(ids)


def delivery_resend(*, delivery: Delivery) -> Delivery:
    """Put a failed delivery back in the queue (board / admin action): a fresh set of attempts."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.RETRYING, last_error="", attempts=0, not_before=None, enqueued_at=timezone.now(),
            digest=False,
        )
        if not updated:
            raise ValidationError(_("Hanya pengiriman yang gagal yang dapat dikirim ulang."))
        enqueue_batches([delivery.pk])
    delivery.refresh_from_db()
    return delivery
