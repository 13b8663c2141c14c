"""The daily digest: rows held for people who chose one message a day are sent together, one
message per recipient and channel."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.tasks import send

from .. import conf
from ..channels import get_channel
from ..models import Channel, Delivery
from .planning import SEND_DIGEST
from .sending import in_quiet_hours

logger = logging.getLogger(__name__)


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
        if channel == Channel.WHATSAPP and in_quiet_hours(now):
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
