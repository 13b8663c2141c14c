"""Files an invitation e-mail carries, made when the e-mail is sent (notifications.mail): the
invitation letter (the stored undangan PDF) and the event as a calendar request (.ics)."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone

from fokuss import ical
from notifications.mail import Attachment

from . import selectors
from .calendar import event_entry
from .models import Event


def _event(arg: str) -> Event | None:
    return Event.objects.select_related("forum__district").filter(pk=int(arg)).first() if arg.isdigit() else None


def invitation_letter(arg: str, *, recipient, forum) -> Attachment | None:
    event = _event(arg)
    document = selectors.invitation_document(event=event) if event is not None else None
    if document is None:
        return None
    with document.file.open("rb") as fh:
        data = fh.read()
    return Attachment(filename=f"undangan-{event.pk}.pdf", content=data, mimetype="application/pdf")


def invitation_calendar(arg: str, *, recipient, forum) -> Attachment | None:
    event = _event(arg)
    if event is None:
        return None
    organizer = (f"{event.forum.short_name} {event.forum.district.name}",
                 event.forum.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    entry = event_entry(event, site=settings.SITE_URL.rstrip("/"), organizer=organizer,
                        attendees=((recipient.full_name, recipient.email),))
    data = ical.invitation(entry=entry, now=timezone.now())
    method = "CANCEL" if entry.cancelled else "REQUEST"
    return Attachment(filename="undangan.ics", content=data, mimetype=f"text/calendar; method={method}")


RESOLVERS = {"event-undangan": invitation_letter, "event-ics": invitation_calendar}
