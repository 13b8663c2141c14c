"""iCalendar feed of deadlines for one user: their own (or facilitated) villages' deadlines one by
one, and for the board / camat office one event per obligation and due date."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from icalendar import Calendar, Event

from members.selectors import actor_for

from .models import OPEN_STATES, STATUS_LABELS, Deadline, derived_status


def calendar_for_user(*, user, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    actor = actor_for(user, today=today)
    start, end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=400)
    site = settings.SITE_URL.rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//FOKUSS//Tenggat laporan desa//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Tenggat laporan desa")
    cal.add("x-wr-timezone", "Asia/Jakarta")
    stamp = timezone.now()
    own = set(actor.own_villages) | set(actor.facilitated_villages)
    if own:
        for pk, due_on, name, period, village, state in (
            Deadline.objects.filter(village_id__in=own, due_on__gte=start, due_on__lte=end)
            .values_list("pk", "due_on", "obligation__name", "period", "village__name", "state")
        ):
            event = Event()
            event.add("uid", f"deadline-{pk}@fokuss")
            event.add("summary", f"{name} ({period}) – {village}")
            event.add("dtstart", due_on)
            event.add("dtend", due_on + datetime.timedelta(days=1))
            event.add("dtstamp", stamp)
            event.add("description", f"Status: {STATUS_LABELS[derived_status(state=state, due_on=due_on, today=today)]}")
            event.add("url", f"{site}/laporan/tenggat/{pk}/")
            cal.add_component(event)
    overseen = actor.board_forums | actor.kecamatan_forums
    if overseen:
        for row in (
            Deadline.objects.filter(forum_id__in=overseen, due_on__gte=start, due_on__lte=end)
            .values("forum_id", "obligation_id", "obligation__name", "period", "due_on")
            .annotate(total=Count("pk"), open=Count("pk", filter=Q(state__in=OPEN_STATES))).order_by("due_on")
        ):
            event = Event()
            event.add("uid", f"obligation-{row['obligation_id']}-{row['period'].replace(' ', '')}-{row['due_on']}@fokuss")
            event.add("summary", f"{row['obligation__name']} ({row['period']}) – {row['total']} desa")
            event.add("dtstart", row["due_on"])
            event.add("dtend", row["due_on"] + datetime.timedelta(days=1))
            event.add("dtstamp", stamp)
            event.add("description", f"Belum/ditolak: {row['open']} dari {row['total']} desa")
            cal.add_component(event)
    return cal.to_ical()
