from . import BaseChannel


class InAppChannel(BaseChannel):
    def send(self, *, delivery) -> None:
        from notifications.models import Notification

        Notification.objects.create(
            recipient_id=delivery.recipient_id, title=delivery.subject, body=delivery.body, url=delivery.url
        )
