"""One iCalendar feed that apps contribute to.

An app that has dates worth a phone calendar (deadlines, events ...) has a ``calendar.py`` with
``entries(*, actor, today, now) -> Iterable[Entry]``; ``collect`` gathers them through
``fokuss.discovery.app_modules("calendar")`` and ``feed`` writes one .ics. Calendar apps cannot
sign in, so a feed address carries a signed token of the user id instead (``token_for``).

``invitation`` writes the same event as an iTIP request (METHOD:REQUEST, with ORGANIZER and
ATTENDEE), attached to an invitation e-mail so phone calendars offer to add it. Both use the same
UID, so an event added from the e-mail and seen in the feed is one event in the calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as IEvent

from .discovery import app_modules

SALT = "fokuss.ical"


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    description: str = ""
    url: str = ""
    location: str = ""
    cancelled: bool = False
    organizer: tuple[str, str] | None = None  # (name, e-mail address)
    attendees: tuple[tuple[str, str], ...] = ()  # (name, e-mail address) each


def token_for(user_id: int, *, salt: str = SALT) -> str:
    return signing.Signer(salt=salt).sign(str(user_id))


def user_id_for(token: str, *, salt: str = SALT) -> int | None:
    """The user id a token was signed for; None for a forged or malformed token."""
    try:
        return int(signing.Signer(salt=salt).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def collect(*, actor, today: datetime.date, now: datetime.datetime,
            sources: Iterable[str] | None = None) -> list[Entry]:
    """Every app's entries for the actor (or only those of the named apps)."""
    wanted = set(sources) if sources is not None else None
    entries: list[Entry] = []
    for name, module in app_modules("calendar"):
        if wanted is None or name in wanted:
            entries.extend(module.entries(actor=actor, today=today, now=now))
    return sorted(entries, key=lambda e: (str(e.start), e.uid))


def _calendar(*, name: str = "", method: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//FOKUSS//Kalender forum//ID")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    return cal


def _address(name: str, email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def _event(entry: Entry, *, now: datetime.datetime) -> IEvent:
    item = IEvent()
    item.add("uid", entry.uid)
    item.add("summary", entry.summary)
    item.add("dtstart", entry.start)
    item.add("dtend", entry.end)
    item.add("dtstamp", now)
    if entry.location:
        item.add("location", entry.location)
    if entry.description:
        item.add("description", entry.description)
    if entry.url:
        item.add("url", entry.url)
    if entry.cancelled:
        item.add("status", "CANCELLED")
    if entry.organizer:
        item.add("organizer", _address(*entry.organizer))
    for name, email in entry.attendees:
        # The answer is given in the portal (RSVP page), so calendars are not asked to mail one.
        item.add("attendee", _address(name, email, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION",
                                      rsvp="FALSE"))
    return item


def feed(*, name: str, entries: Iterable[Entry], now: datetime.datetime) -> bytes:
    cal = _calendar(name=name)
    for entry in entries:
        cal.add_component(_event(entry, now=now))
    return cal.to_ical()


def invitation(*, entry: Entry, now: datetime.datetime) -> bytes:
    """One event as an iTIP request (RFC 5546): what an invitation e-mail attaches."""
    cal = _calendar(method="CANCEL" if entry.cancelled else "REQUEST")
    cal.add_component(_event(entry, now=now))
    return cal.to_ical()
