"""WhatsApp through an HTTP gateway (Fonnte-style: POST with a token header and target/message).
The console backend is the default so nothing is sent by accident."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from . import BaseChannel, ChannelError

logger = logging.getLogger(__name__)


def _target(delivery) -> str:
    number = delivery.recipient.whatsapp
    if not number:
        raise ChannelError("recipient has no WhatsApp number", permanent=True)
    return number.lstrip("+")


def _message(delivery) -> str:
    if delivery.url:
        return f"{delivery.body}\n{settings.SITE_URL.rstrip('/')}{delivery.url}"
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
            raise ChannelError("WHATSAPP_GATEWAY_URL is not an http(s) URL", permanent=True)
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
            raise ChannelError(f"gateway HTTP {exc.code}", permanent=400 <= exc.code < 500 and exc.code != 429) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise ChannelError("gateway timeout") from exc
            raise ChannelError(f"gateway unreachable: {reason}") from exc
        except ValueError as exc:
            raise ChannelError("gateway answered with invalid JSON") from exc
        if payload.get("status") is False:
            reason = str(payload.get("reason", "rejected"))
            raise ChannelError(f"gateway refused: {reason}", permanent="invalid" in reason.lower())
