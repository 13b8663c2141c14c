from django.utils.translation import gettext as _

from notifications.mail import email_message

from . import BaseChannel, ChannelError


class EmailChannel(BaseChannel):
    """HTML and plain text in the forum's letterhead, with the attachments resolved now
    (notifications.mail)."""

    def send(self, *, delivery) -> None:
        if not delivery.recipient.email:
            raise ChannelError(_("penerima tidak punya alamat email"), permanent=True)
        message = email_message(delivery=delivery)
        try:
            message.send()
        except OSError as exc:
            raise ChannelError(_("email gagal dikirim: %(error)s") % {"error": exc}) from exc
