"""Planning and sending reminders.

Apps describe what to tell whom as ``Message`` values and call ``deliveries_plan``; the planner
expands them to one Delivery row per channel the recipient accepts (the in-app notification
centre always), inserts the rows with ON CONFLICT DO NOTHING ... RETURNING id (so only the rows
this call really created are enqueued, even with two sweeps running at once) and enqueues the
sends in small batches after commit. ``delivery_send`` does the work for one row, exactly once:
it locks the row, skips it when it is already done or held by another worker, sends, and records
the outcome in the same transaction.

Recovery: every row remembers when its send task was put on the broker (``enqueued_at``). The
sweep re-enqueues rows whose task is overdue (lost by a Redis restart, or held by a worker killed
with SIGKILL), so a reminder is never missing; the row lock and the status make the extra task
harmless, so it is never duplicated.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.discovery import app_modules
from fokuss.tasks import send

from . import conf
from .channels import ChannelError, get_channel
from .models import Channel, Delivery, Notification, Preference, SweepDay

logger = logging.getLogger(__name__)

QUIET_START = datetime.time(21, 0)
QUIET_END = datetime.time(6, 0)
DIGEST_TIME = datetime.time(7, 0)
MAX_ATTEMPTS = 5
ALL_CHANNELS = (Channel.INAPP, Channel.EMAIL, Channel.WHATSAPP)

# The send tasks of notifications/tasks.py, enqueued by name: the tasks module imports this one.
SEND_DELIVERIES = "notifications.tasks.send_deliveries"
SEND_DELIVERY = "notifications.tasks.send_delivery"
SEND_DIGEST = "notifications.tasks.send_digest"


@dataclass(frozen=True)
class Message:
    key: str  # what the reminder is about, e.g. "deadline:42"
    slot: str  # which occurrence, e.g. "H-7" or "2026-11-23"
    recipient_id: int
    subject: str
    body: str
    url: str = ""
    forum_id: int | None = None
    channels: tuple[str, ...] = ALL_CHANNELS


# Planning ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Recipient:
    email: bool
    whatsapp: bool
    digest: bool


def _recipients(ids: set[int]) -> dict[int, _Recipient]:
    """Per active recipient, the channels their contact data and preferences accept. One query
    per 10,000 recipients (a left join to the preference row)."""
    User = get_user_model()
    found: dict[int, _Recipient] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 10_000):
        chunk = ordered[start:start + 10_000]
        rows = User.objects.filter(pk__in=chunk, is_active=True).values_list(
            "pk", "email", "whatsapp", "notification_pref__email", "notification_pref__whatsapp",
            "notification_pref__digest",
        )
        for pk, email, whatsapp, pref_email, pref_wa, pref_digest in rows:
            found[pk] = _Recipient(
                email=bool(email) and pref_email is not False,
                whatsapp=bool(whatsapp) and pref_wa is not False,
                digest=bool(pref_digest),
            )
    return found


def _rows_for(messages: list[Message], now: datetime.datetime) -> list[tuple]:
    recipients = _recipients({m.recipient_id for m in messages})
    rows = []
    for m in messages:
        r = recipients.get(m.recipient_id)
        if r is None:
            continue
        for channel in m.channels:
            if channel == Channel.EMAIL and not r.email or channel == Channel.WHATSAPP and not r.whatsapp:
                continue
            digest = r.digest and channel != Channel.INAPP
            rows.append((m.key[:200], m.recipient_id, channel, m.slot[:40], m.forum_id, m.subject[:200], m.body,
                         m.url[:500], digest))
    return rows


_COLUMNS = ["key", "recipient_id", "channel", "slot", "forum_id", "subject", "body", "url", "digest"]


def _insert_postgresql(rows: list[tuple], now: datetime.datetime) -> list[tuple[int, bool]]:
    """COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING
    RETURNING: fast for a national sweep (hundreds of thousands of rows)."""
    table = Delivery._meta.db_table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for key, recipient, channel, slot, forum, subject, body, url, digest in rows:
        writer.writerow([key, recipient, channel, slot, forum or 0, subject, body, url, "t" if digest else "f"])
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _delivery_plan (key varchar(200), recipient_id bigint, channel varchar(10),"
            " slot varchar(40), forum_id bigint, subject varchar(200), body text, url varchar(500), digest boolean)"
            " ON COMMIT DROP"
        )
        cursor.cursor.copy_expert(f"COPY _delivery_plan ({', '.join(_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
        cursor.execute(
            # Table and column names are our own constants; values go as parameters.
            f"INSERT INTO {table} (key, recipient_id, channel, slot, forum_id, subject, body, url, digest, status,"  # nosec B608
            " attempts, last_error, created_at, enqueued_at)"
            " SELECT key, recipient_id, channel, slot,"
            " NULLIF(forum_id, 0), subject, body, url, digest, 'pending', 0, '', %s,"
            " CASE WHEN digest THEN NULL ELSE %s::timestamptz END"
            " FROM _delivery_plan ORDER BY key, recipient_id, channel, slot"
            " ON CONFLICT DO NOTHING RETURNING id, digest",
            [now, now],
        )
        created = cursor.fetchall()
        cursor.execute("DROP TABLE IF EXISTS _delivery_plan")
    return created


def _insert_generic(rows: list[tuple], now: datetime.datetime) -> list[tuple[int, bool]]:
    """Multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING (SQLite >= 3.35)."""
    table = Delivery._meta.db_table
    cols = _COLUMNS + ["status", "attempts", "last_error", "created_at", "enqueued_at"]
    placeholder = "(" + ", ".join(["%s"] * len(cols)) + ")"
    created: list[tuple[int, bool]] = []
    rows = sorted(set(rows), key=lambda r: (r[0], r[1], r[2], r[3]))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):  # 14 columns x 2000 rows stays under SQLite's 32,766 variables
            chunk = rows[start:start + 2000]
            params: list = []
            for row in chunk:
                params.extend(row)
                params.extend(["pending", 0, "", now, None if row[-1] else now])
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES {', '.join([placeholder] * len(chunk))}"  # nosec B608
                " ON CONFLICT DO NOTHING RETURNING id, digest",
                params,
            )
            created.extend((pk, bool(digest)) for pk, digest in cursor.fetchall())
    return created


def _enqueue_batches(ids: list[int]) -> None:
    """After commit, put the send tasks on the broker in batches. A broker that is down is logged,
    never raised: the rows are committed and the next sweep re-enqueues them."""
    if not ids:
        return
    # Small batches normally; for a national sweep at most ~2,000 broker messages per plan.
    batch = max(conf.batch_size(), -(-len(ids) // 2000))

    def _send():
        try:
            for start in range(0, len(ids), batch):
                send(SEND_DELIVERIES, args=(ids[start:start + batch],))
        except Exception:  # noqa: BLE001 - broker errors must not break the caller
            logger.exception("could not enqueue %d deliveries; the sweep will re-enqueue them", len(ids))

    transaction.on_commit(_send)


def deliveries_plan(*, messages: Iterable[Message], now: datetime.datetime | None = None) -> int:
    """Insert the Delivery rows for these messages (rows that exist already are left alone) and
    enqueue the sends of the new ones after commit. Returns the number of rows created."""
    messages = list(messages)
    if not messages:
        return 0
    now = now or timezone.now()
    # One row per (key, recipient, channel, slot), so a message given twice is inserted once.
    rows = list({row[:4]: row for row in _rows_for(messages, now)}.values())
    if not rows:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created = _insert_postgresql(rows, now)
        else:
            created = _insert_generic(rows, now)
        _enqueue_batches(sorted(pk for pk, digest in created if not digest))
    return len(created)


# Sending ----------------------------------------------------------------------------------------

def _in_quiet_hours(moment: datetime.datetime) -> bool:
    if not conf.quiet_hours_enabled():
        return False
    local = timezone.localtime(moment).time()
    return local >= QUIET_START or local < QUIET_END


def _after_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
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
        if delivery.channel == Channel.WHATSAPP and _in_quiet_hours(now):
            delivery.not_before = _after_quiet_hours(now)
            delivery.enqueued_at = None  # nothing outstanding: the sweep enqueues it at 06:00 WIB
            delivery.save(update_fields=["not_before", "enqueued_at"])
            return SendOutcome(status="deferred", eta=delivery.not_before)
        delivery.attempts += 1
        wait: int | None = None
        try:
            get_channel(delivery.channel).send(delivery=delivery)
        except Exception as exc:  # noqa: BLE001 - every failure ends on the row, never in the sweep
            permanent = isinstance(exc, ChannelError) and exc.permanent
            message = str(exc) if isinstance(exc, ChannelError) else f"{exc.__class__.__name__}: {exc}"
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
        _enqueue_batches(ids)
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
        _enqueue_batches([delivery.pk])
    delivery.refresh_from_db()
    return delivery


# The sweep --------------------------------------------------------------------------------------

@dataclass
class SweepResult:
    messages: int = 0
    created: int = 0
    requeued: int = 0
    per_app: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def reminder_modules() -> list[tuple[str, object]]:
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


# Digest -----------------------------------------------------------------------------------------

class _DigestDelivery:
    """Looks like a Delivery to a channel backend."""

    def __init__(self, *, recipient, channel: str, subject: str, body: str, pk: str):
        self.recipient = recipient
        self.recipient_id = recipient.pk
        self.channel = channel
        self.subject = subject
        self.body = body
        self.url = ""
        self.pk = pk


def digests_plan(*, now: datetime.datetime | None = None) -> int:
    """Enqueue one digest task per (recipient, channel) with held rows. One query."""
    now = now or timezone.now()
    pairs = list(
        Delivery.objects.filter(digest=True, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING],
                                created_at__lte=now)
        .values_list("recipient_id", "channel").distinct().order_by("recipient_id", "channel")
    )

    def _send():
        for recipient_id, channel in pairs:
            try:
                send(SEND_DIGEST, args=(recipient_id, channel))
            except Exception:  # noqa: BLE001 - tomorrow's digest picks them up
                logger.exception("could not enqueue digest for %s/%s", recipient_id, channel)

    transaction.on_commit(_send)
    return len(pairs)


def digest_send(*, recipient_id: int, channel: str, now: datetime.datetime | None = None) -> int:
    """Send the held rows of one recipient on one channel as a single message; all rows are
    marked sent together (or all get the error)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True).select_related("recipient")
            .filter(recipient_id=recipient_id, channel=channel, digest=True,
                    status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING], created_at__lte=now)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        if channel == Channel.WHATSAPP and _in_quiet_hours(now):
            return 0
        site = settings.SITE_URL.rstrip("/")
        lines = [f"• {d.subject}" + (f"\n  {site}{d.url}" if d.url else "") for d in rows]
        subject = _("Ringkasan pengingat hari ini (%(n)d)") % {"n": len(rows)}
        body = "\n".join([subject, ""] + lines)
        fake = _DigestDelivery(recipient=rows[0].recipient, channel=channel, subject=subject, body=body,
                               pk=f"digest-{recipient_id}-{channel}-{rows[0].pk}")
        ids = [d.pk for d in rows]
        try:
            get_channel(channel).send(delivery=fake)
        except Exception as exc:  # noqa: BLE001
            message = str(exc)[:1000]
            failed = [d.pk for d in rows if d.attempts + 1 >= conf.max_attempts() or getattr(exc, "permanent", False)]
            Delivery.objects.filter(pk__in=ids).update(last_error=message, status=Delivery.Status.RETRYING,
                                                       attempts=F("attempts") + 1)
            Delivery.objects.filter(pk__in=failed).update(status=Delivery.Status.FAILED)
            return 0
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="",
                                                   attempts=F("attempts") + 1)
    return len(rows)


# In-app notification centre ---------------------------------------------------------------------

def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def preference_update(*, user, email: bool, whatsapp: bool, digest: bool) -> Preference:
    with transaction.atomic():
        pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
        pref.email, pref.whatsapp, pref.digest = bool(email), bool(whatsapp), bool(digest)
        pref.save()
    return pref
