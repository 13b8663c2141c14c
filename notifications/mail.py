"""The e-mail a delivery becomes: a plain-text part and an HTML part in the forum's letterhead (its
name, its colours, its logo inline as a related part: no remote images), the attachments the
message asked for, ``Reply-To`` the forum's secretary in office today, and ``List-Unsubscribe``
(with one-click ``List-Unsubscribe-Post``, RFC 8058) leading to the notification preferences.

Attachments are resolved when the mail is sent, from the keys stored on the delivery
("<name>:<arg>"): every app may contribute an ``attachments`` module with
``RESOLVERS = {"<name>": resolver(arg, *, recipient, forum) -> Attachment | None}``, found with
``fokuss.discovery.app_modules("attachments")``. A row never stores a file.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase
from email.mime.image import MIMEImage
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart, SafeMIMEText
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss import params
from fokuss.discovery import app_modules
from members.models import Forum
from members.selectors import board_signatory

from .messages import absolute

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
LOGO_CID = "logo-forum"
RASTER = {"image/png", "image/jpeg", "image/gif"}
# The forum's colour on letters and screens (the emblem's green, white text on it 6.5:1).
COLOUR = "#146c43"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str  # may carry parameters, e.g. "text/calendar; method=REQUEST"


def unsubscribe_token(user_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user_id))


def unsubscribe_user_id(token: str) -> int | None:
    """The user a link was signed for; None for a forged or malformed token."""
    try:
        return params.parse_id(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except signing.BadSignature:
        return None


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id)]))


def resolve_attachment(key: str, *, recipient, forum) -> Attachment | None:
    """The file behind a key, made now; None when it no longer exists (the mail goes without it)."""
    name, _sep, arg = key.partition(":")
    for _app, module in app_modules("attachments"):
        resolver = getattr(module, "RESOLVERS", {}).get(name)
        if resolver is not None:
            return resolver(arg, recipient=recipient, forum=forum)
    raise LookupError(f"no attachment resolver for {key!r}")


def _logo(forum: Forum | None) -> tuple[bytes, str] | None:
    """The forum's logo when it is a picture every mail program shows (PNG, JPEG, GIF); else the
    portal's emblem; None when neither can be read."""
    if forum is not None and forum.logo:
        mime = mimetypes.guess_type(forum.logo.name or "")[0] or ""
        if mime in RASTER:
            try:
                with forum.logo.open("rb") as fh:
                    return fh.read(), mime
            except OSError:
                logger.warning("logo of forum %s unreadable", forum.pk)
    found = finders.find("icons/icon-192.png")
    path = Path(found if isinstance(found, str) else "")
    return (path.read_bytes(), "image/png") if found and path.is_file() else None


class LetterMail(EmailMultiAlternatives):
    """multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html, logo ] ],
    attachments ]: the logo belongs to the HTML part, not to the attachments."""

    def __init__(self, *args, related: list[MIMEImage] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.related = related or []

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.related or not msg.is_multipart():
            return msg
        parts = msg.get_payload()
        for index, part in enumerate(parts):
            if part.get_content_type() == "text/html":
                related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
                related.attach(part)
                for image in self.related:
                    related.attach(image)
                parts[index] = related
        return msg


def _mime_part(attachment: Attachment):
    """A MIME part for an attachment; parameters of its type (method=REQUEST) are kept."""
    main, *params = [p.strip() for p in attachment.mimetype.split(";")]
    basetype, subtype = main.split("/", 1)
    if basetype == "text":
        part = SafeMIMEText(attachment.content.decode("utf-8"), subtype, "utf-8")
    else:
        part = MIMEBase(basetype, subtype)
        part.set_payload(attachment.content)
        encoders.encode_base64(part)
    for param in params:
        key, _sep, value = param.partition("=")
        part.set_param(key, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


def email_message(*, delivery, today=None) -> LetterMail:
    """The e-mail of one delivery (a Delivery row, or the digest's stand-in)."""
    today = today or timezone.localdate()
    recipient = delivery.recipient
    forum_id = getattr(delivery, "forum_id", None)
    forum = Forum.objects.select_related("district").filter(pk=forum_id).first() if forum_id else None
    secretary = board_signatory(forum=forum, position="sekretaris", today=today) if forum else None
    link = absolute(delivery.url)
    text = delivery.body if not link or link in delivery.body else f"{delivery.body}\n\n{link}"
    preferences = absolute(reverse("notifications:preferences"))
    unsubscribe = unsubscribe_url(recipient.pk)
    sender = forum_name = "FOKUSS"
    if forum is not None:
        forum_name = forum.name
        sender = f"{forum.short_name} {forum.district.name}"
    footer = _("Anda menerima email ini sebagai anggota portal %(site)s. Atur atau hentikan email: %(url)s") % {
        "site": sender, "url": preferences}
    logo = _logo(forum)
    html = render_to_string("notifications/email/letter.html", {
        "subject": delivery.subject, "content": getattr(delivery, "html", "") or "", "text": delivery.body,
        "link": link, "forum": forum, "forum_name": forum_name, "sender": sender, "colour": COLOUR,
        "logo_cid": LOGO_CID if logo else "", "preferences_url": preferences, "unsubscribe_url": unsubscribe,
        "recipient": recipient,
    })
    related = []
    if logo:
        image = MIMEImage(logo[0], _subtype=logo[1].split("/", 1)[1])
        image.add_header("Content-ID", f"<{LOGO_CID}>")
        image.add_header("Content-Disposition", "inline", filename=f"logo.{logo[1].split('/', 1)[1]}")
        related.append(image)
    from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    message = LetterMail(
        subject=delivery.subject, body=f"{text}\n\n-- \n{footer}", from_email=formataddr((sender, from_address)),
        to=[recipient.email], reply_to=[formataddr((secretary.full_name, secretary.email))] if secretary and
        secretary.email else None,
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
        related=related,
    )
    message.attach_alternative(html, "text/html")
    for key in getattr(delivery, "attachments", None) or []:
        attachment = resolve_attachment(key, recipient=recipient, forum=forum)
        if attachment is None:
            logger.warning("attachment %s of delivery %s no longer exists; sent without it", key, delivery.pk)
            continue
        message.attach(_mime_part(attachment))
    return message
