from . import BaseChannel


class InAppChannel(BaseChannel):
    """The bell: a Notification row, written in the same transaction as the delivery's status
    (and unique per delivery), so in-app is exactly once even across crashes."""

    def send(self, *, delivery) -> None:
        from notifications.models import Delivery, Notification

        Notification.objects.create(
            recipient_id=delivery.recipient_id, title=delivery.subject, body=delivery.body, url=delivery.url,
            delivery=delivery if isinstance(delivery, Delivery) else None,
        )
