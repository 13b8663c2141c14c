"""WhatsApp through an HTTP gateway (Fonnte-style: POST with a token header and target/message).
The console backend is the default so nothing is sent by accident."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from ..messages import absolute
from . import BaseChannel, ChannelError

logger = logging.getLogger(__name__)


def _target(delivery) -> str:
    number = delivery.recipient.whatsapp
    if not number:
        raise ChannelError(_("penerima tidak punya nomor WhatsApp"), permanent=True)
    return number.lstrip("+")


def _message(delivery) -> str:
    """The body (a message kind's WhatsApp form already ends with its link), else body and link."""
    link = absolute(delivery.url)
    if link and link not in delivery.body:
        return f"{delivery.body}\n{link}"
    return delivery.body


class ConsoleWhatsAppBackend(BaseChannel):
    def send(self, *, delivery) -> None:
        logger.warning("WhatsApp (console) to %s: %s", _target(delivery), _message(delivery))


class LocmemWhatsAppBackend(BaseChannel):
    """For tests: keeps messages in ``outbox``."""

    outbox: list[dict] = []

    def send(self, *, delivery) -> None:
        LocmemWhatsAppBackend.outbox.append(
            {"target": _target(delivery), "message": _message(delivery), "delivery_id": delivery.pk}
        )


class FonnteWhatsAppBackend(BaseChannel):
    def send(self, *, delivery) -> None:
        if not settings.WHATSAPP_GATEWAY_URL.lower().startswith(("https://", "http://")):
            # urlopen also opens file:// and other schemes: a mistyped setting must not read local files.
            raise ChannelError(_("WHATSAPP_GATEWAY_URL bukan alamat http(s)"), permanent=True)
        data = urllib.parse.urlencode({"target": _target(delivery), "message": _message(delivery)}).encode()
        request = urllib.request.Request(
            settings.WHATSAPP_GATEWAY_URL, data=data, method="POST",
            # The idempotency key lets a gateway that supports it drop a repeat of the same send
            # (a worker killed after the gateway answered but before the row was committed).
            headers={"Authorization": settings.WHATSAPP_GATEWAY_TOKEN, "Idempotency-Key": f"fokuss-{delivery.pk}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310  # scheme checked above
                payload = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as exc:
            raise ChannelError(_("gateway WhatsApp menjawab dengan galat HTTP %(code)s") % {"code": exc.code},
                               permanent=400 <= exc.code < 500 and exc.code != 429) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise ChannelError(_("gateway WhatsApp tidak menjawab dalam batas waktu")) from exc
            raise ChannelError(_("gateway WhatsApp tidak dapat dihubungi: %(reason)s") % {"reason": reason}) from exc
        except ValueError as exc:
            raise ChannelError(_("jawaban gateway WhatsApp tidak dapat dibaca (bukan JSON)")) from exc
        if payload.get("status") is False:
            reason = str(payload.get("reason", "rejected"))
            raise ChannelError(_("gateway WhatsApp menolak pesan: %(reason)s") % {"reason": reason},
                               permanent="invalid" in reason.lower())
