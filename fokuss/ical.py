"""One iCalendar feed that apps contribute to.

An app that has dates worth a phone calendar (deadlines, events ...) has a ``calendar.py`` with
``entries(*, actor, today, now) -> Iterable[Entry]``; ``collect`` gathers them through
``fokuss.discovery.app_modules("calendar")`` and ``feed`` writes one .ics. Calendar apps cannot
sign in, so a feed address carries a signed token of the user id instead (``token_for``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from icalendar import Calendar
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


def feed(*, name: str, entries: Iterable[Entry], now: datetime.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//FOKUSS//Kalender forum//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    for entry in entries:
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
        cal.add_component(item)
    return cal.to_ical()
