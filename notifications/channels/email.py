from django.conf import settings
from django.core.mail import send_mail

from . import BaseChannel, ChannelError


class EmailChannel(BaseChannel):
    def send(self, *, delivery) -> None:
        if not delivery.recipient.email:
            raise ChannelError("recipient has no email address", permanent=True)
        body = delivery.body
        if delivery.url:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{delivery.url}"
        try:
            send_mail(delivery.subject, body, None, [delivery.recipient.email])
        except OSError as exc:
            raise ChannelError(f"email: {exc}") from exc
