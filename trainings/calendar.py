"""Events of the forums a user belongs to, in the calendar feed (fokuss.ical)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from fokuss import policy
from fokuss.ical import Entry

from .models import Event


def entries(*, actor, today: datetime.date, now: datetime.datetime) -> Iterator[Entry]:
    site = settings.SITE_URL.rstrip("/")
    forums = policy.forum_ids(actor)
    qs = Event.objects.filter(status__in=[*Event.TAKES_PLACE, Event.Status.CANCELLED],
                              starts_at__gte=now - datetime.timedelta(days=120),
                              starts_at__lte=now + datetime.timedelta(days=400))
    if forums is not None:
        qs = qs.filter(forum_id__in=forums)
    for event in qs.order_by("starts_at"):
        yield event_entry(event, site=site)


def event_entry(event: Event, *, site: str, organizer: tuple[str, str] | None = None,
                attendees: tuple[tuple[str, str], ...] = ()) -> Entry:
    """The event as a calendar entry: one UID per event, in the feed and in the invitation e-mail's
    .ics alike (so a calendar that has both shows one event)."""
    cancelled = event.status == Event.Status.CANCELLED
    return Entry(uid=f"event-{event.pk}@fokuss", summary=("DIBATALKAN: " if cancelled else "") + event.title,
                 start=event.starts_at, end=event.ends_at, location=event.venue or event.online_url,
                 description=f"{event.get_kind_display()}\n{event.description}".strip(),
                 url=site + reverse("trainings:event_detail", args=[event.pk]), cancelled=cancelled,
                 organizer=organizer, attendees=attendees)
