"""iCalendar feed of the events of the forums a user belongs to. Calendar apps cannot sign in:
the feed's address carries a signed token of the user id instead."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as IEvent

from fokuss import policy
from members.models import User
from members.selectors import actor_for

from .models import Event

ICAL_SALT = "trainings.ical"


def token_for(user_id: int) -> str:
    return signing.Signer(salt=ICAL_SALT).sign(str(user_id))


def user_for_token(token: str) -> User | None:
    """The active user a feed token was signed for; None for a forged token or a gone user."""
    try:
        user_id = int(signing.Signer(salt=ICAL_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def calendar_for_user(*, user, now: datetime.datetime | None = None) -> bytes:
    now = now or timezone.now()
    actor = actor_for(user, today=timezone.localtime(now).date())
    site = settings.SITE_URL.rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//FOKUSS//Kegiatan forum//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kegiatan forum sekdes")
    cal.add("x-wr-timezone", "Asia/Jakarta")
    forums = policy.forum_ids(actor)
    qs = Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
                              starts_at__gte=now - datetime.timedelta(days=120),
                              starts_at__lte=now + datetime.timedelta(days=400))
    if forums is not None:
        qs = qs.filter(forum_id__in=forums)
    for event in qs.order_by("starts_at"):
        item = IEvent()
        item.add("uid", f"event-{event.pk}@fokuss")
        item.add("summary", ("DIBATALKAN: " if event.status == Event.Status.CANCELLED else "") + event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", now)
        item.add("location", event.venue or event.online_url)
        item.add("description", f"{event.get_kind_display()}\n{event.description}".strip())
        item.add("url", site + reverse("trainings:event_detail", args=[event.pk]))
        if event.status == Event.Status.CANCELLED:
            item.add("status", "CANCELLED")
        cal.add_component(item)
    return cal.to_ical()
