"""Planning reminders: apps describe what to tell whom as ``Message`` values and call
``deliveries_plan``. The planner expands them to one Delivery row per channel the recipient
accepts (the in-app notification centre always), inserts the rows with ON CONFLICT DO NOTHING ...
RETURNING id (so only the rows this call really created are enqueued, even with two sweeps running
at once) and enqueues the sends in small batches after commit.

The send tasks are enqueued by their registered name (``notifications/tasks.py`` imports the
services, so the services do not import the tasks)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from fokuss.tasks import send
from members.selectors import whatsapp_consented_ids

from .. import conf
from ..messages import Rendered, render
from ..models import Channel, Delivery

logger = logging.getLogger(__name__)

ALL_CHANNELS = (Channel.INAPP, Channel.EMAIL, Channel.WHATSAPP)
SEND_DELIVERIES = "notifications.tasks.send_deliveries"
SEND_DELIVERY = "notifications.tasks.send_delivery"
SEND_DIGEST = "notifications.tasks.send_digest"


@dataclass(frozen=True)
class Message:
    """What to tell whom. Either ``kind`` (a template in templates/notifications/messages/, see
    notifications.messages) with its ``context``, rendered per channel when the rows are planned;
    or a ready ``subject`` and ``body``, the same on every channel.

    ``attachments`` are keys ("<name>:<arg>", e.g. "event-undangan:12") that the e-mail channel
    resolves when it sends (see notifications.mail): a row stores the key, never the file."""

    key: str  # what the reminder is about, e.g. "deadline:42"
    slot: str  # which occurrence, e.g. "H-7" or "2026-11-23"
    recipient_id: int
    subject: str = ""
    body: str = ""
    url: str = ""
    forum_id: int | None = None
    channels: tuple[str, ...] = ALL_CHANNELS
    kind: str = ""
    context: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    attachments: tuple[str, ...] = ()

    def rendered(self, channel: str = Channel.INAPP) -> Rendered:
        """Subject, body and (e-mail) HTML of the message on one channel."""
        if not self.kind:
            return Rendered(subject=self.subject, body=self.body)
        return render(kind=self.kind, channel=channel, context=self.context, url=self.url)


@dataclass(frozen=True)
class _Recipient:
    email: bool
    whatsapp: bool
    digest: bool


def _recipients(ids: set[int]) -> dict[int, _Recipient]:
    """Per active recipient, the channels their contact data, preferences and WhatsApp consent
    accept. Two queries per 10,000 recipients (a left join to the preference row; the latest
    consents of those with a number)."""
    User = get_user_model()
    found: dict[int, _Recipient] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 10_000):
        chunk = ordered[start:start + 10_000]
        rows = list(User.objects.filter(pk__in=chunk, is_active=True).values_list(
            "pk", "email", "whatsapp", "notification_pref__email", "notification_pref__whatsapp",
            "notification_pref__digest",
        ))
        # UU 27/2022: WhatsApp only to people whose latest WhatsApp consent is "given".
        consented = whatsapp_consented_ids(pk for pk, _e, whatsapp, *_rest in rows if whatsapp)
        for pk, email, whatsapp, pref_email, pref_wa, pref_digest in rows:
            found[pk] = _Recipient(
                email=bool(email) and pref_email is not False,
                whatsapp=bool(whatsapp) and pref_wa is not False and pk in consented,
                digest=bool(pref_digest),
            )
    return found


def _rows_for(messages: list[Message], now: datetime.datetime) -> list[tuple]:
    recipients = _recipients({m.recipient_id for m in messages})
    rows = []
    # One rendering per text: a summary sent to the whole board shares its context (the dicts live
    # as long as ``messages``, so their ids are stable here).
    texts: dict[tuple, Rendered] = {}
    for m in messages:
        r = recipients.get(m.recipient_id)
        if r is None:
            continue
        for channel in m.channels:
            if channel == Channel.EMAIL and not r.email or channel == Channel.WHATSAPP and not r.whatsapp:
                continue
            digest = r.digest and channel != Channel.INAPP
            memo = (m.kind, id(m.context), m.url, channel) if m.kind else None
            out = texts.get(memo) if memo else None
            if out is None:
                out = m.rendered(channel)
                if memo:
                    texts[memo] = out
            attachments = json.dumps(list(m.attachments)) if channel == Channel.EMAIL else "[]"
            rows.append((m.key[:200], m.recipient_id, channel, m.slot[:40], m.forum_id, out.subject[:200], out.body,
                         m.url[:500], out.html, attachments, digest))
    return rows


_COLUMNS = ["key", "recipient_id", "channel", "slot", "forum_id", "subject", "body", "url", "html", "attachments",
            "digest"]


def _insert_postgresql(rows: list[tuple], now: datetime.datetime) -> list[tuple[int, bool]]:
    """COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING
    RETURNING: fast for a national sweep (hundreds of thousands of rows)."""
    table = Delivery._meta.db_table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for key, recipient, channel, slot, forum, subject, body, url, html, attachments, digest in rows:
        writer.writerow([key, recipient, channel, slot, forum or 0, subject, body, url, html, attachments,
                         "t" if digest else "f"])
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _delivery_plan (key varchar(200), recipient_id bigint, channel varchar(10),"
            " slot varchar(40), forum_id bigint, subject varchar(200), body text, url varchar(500), html text,"
            " attachments jsonb, digest boolean)"
            " ON COMMIT DROP"
        )
        cursor.cursor.copy_expert(f"COPY _delivery_plan ({', '.join(_COLUMNS)}) FROM STDIN WITH (FORMAT csv, "
                                  "FORCE_NOT_NULL (subject, body, url, html))", buffer)  # an empty url stays
        cursor.execute(
            # Table and column names are our own constants; values go as parameters.
            f"INSERT INTO {table} (key, recipient_id, channel, slot, forum_id, subject, body, url, html, attachments,"  # nosec B608
            " digest, status, attempts, last_error, created_at, enqueued_at)"
            " SELECT key, recipient_id, channel, slot,"
            " NULLIF(forum_id, 0), subject, body, url, html, attachments, digest, 'pending', 0, '', %s,"
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
        for start in range(0, len(rows), 2000):  # 16 columns x 2000 rows stays under SQLite's 32,766 variables
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


def enqueue_batches(ids: list[int]) -> None:
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
        enqueue_batches(sorted(pk for pk, digest in created if not digest))
    return len(created)
