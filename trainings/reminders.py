"""Event and minutes reminders for the sweep (notifications.services.reminders_sweep).

Rules, day-granular in WIB:
- before the event: participants who answered "hadir" get a reminder 3 days and 1 day before
  (key ``event:<pk>``, slots ``H-3`` / ``H-1``);
- before the registration deadline: those invited who have not answered, the day before the
  deadline (key ``event:<pk>:rsvp``, slot ``H-1``);
- minutes not finalised 3 and 7 days after the meeting: the notulis of the draft, or the board
  holding office today when no draft was started (key ``minutes:event:<pk>``, slots ``H+3`` / ``H+7``).

Texts: templates/notifications/messages/event_reminder.txt, event_rsvp.txt, minutes_late.txt.
Five queries whatever the number of events and people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.terbilang import tanggal_panjang
from members.models import BoardPosition
from notifications.services import Message

from .models import Event, Minutes, Registration

EVENT_LEAD_DAYS = (3, 1)
RSVP_LEAD_DAYS = (1,)
MINUTES_LATE_DAYS = (3, 7)


def _day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _on_days(field: str, days: list[datetime.date]) -> Q:
    q = Q(pk__in=[])
    for day in days:
        start, end = _day_range(day)
        q |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def due_messages(*, now: datetime.datetime) -> Iterator[Message]:
    today = timezone.localtime(now).date()
    detail = reverse("trainings:event_detail", args=[0])[:-2]

    # 1. before the event -> those coming
    days = [today + datetime.timedelta(days=d) for d in EVENT_LEAD_DAYS]
    for pk, title, starts_at, venue, forum_id, person_id in (
        Registration.objects.filter(_on_days("event__starts_at", days), event__status=Event.Status.PUBLISHED,
                                    response=Registration.Response.HADIR)
        .values_list("event_id", "event__title", "event__starts_at", "event__venue", "event__forum_id", "person_id")
        .order_by("event_id", "person_id")
    ):
        start = timezone.localtime(starts_at)
        left = (start.date() - today).days
        yield Message(
            key=f"event:{pk}", slot=f"H-{left}", recipient_id=person_id, forum_id=forum_id, url=f"{detail}{pk}/",
            kind="event_reminder", context={"title": title, "date": tanggal_panjang(start.date()), "left": left,
                                            "time": start.strftime("%H.%M"), "venue": venue or _("tautan daring")})

    # 2. before the registration deadline -> those who have not answered
    days = [today + datetime.timedelta(days=d) for d in RSVP_LEAD_DAYS]
    for pk, title, deadline, forum_id, person_id in (
        Registration.objects.filter(_on_days("event__registration_deadline", days),
                                    event__status=Event.Status.PUBLISHED, response=Registration.Response.INVITED)
        .values_list("event_id", "event__title", "event__registration_deadline", "event__forum_id", "person_id")
        .order_by("event_id", "person_id")
    ):
        local = timezone.localtime(deadline)
        left = (local.date() - today).days
        yield Message(
            key=f"event:{pk}:rsvp", slot=f"H-{left}", recipient_id=person_id, forum_id=forum_id,
            url=f"{detail}{pk}/", kind="event_rsvp",
            context={"title": title, "date": tanggal_panjang(local.date()), "time": local.strftime("%H.%M"),
                     "left": left})

    # 3. minutes not finalised N days after the meeting -> notulis of the draft, else the board
    days = [today - datetime.timedelta(days=d) for d in MINUTES_LATE_DAYS]
    final = Minutes.objects.filter(event_id=OuterRef("pk"), status=Minutes.Status.FINAL)
    late = list(
        Event.objects.filter(_on_days("ends_at", days), status__in=Event.TAKES_PLACE)
        .exclude(Exists(final)).values_list("pk", "title", "ends_at", "forum_id").order_by("pk")
    )
    if not late:
        return
    notulis = dict(Minutes.objects.filter(event_id__in=[r[0] for r in late], status=Minutes.Status.DRAFT,
                                          notulis__isnull=False).values_list("event_id", "notulis_id"))
    board: dict[int, list[int]] = defaultdict(list)
    for forum_id, user_id in BoardPosition.objects.held_on(today).filter(
        forum_id__in={r[3] for r in late}
    ).values_list("forum_id", "user_id").order_by("forum_id", "user_id").distinct():
        board[forum_id].append(user_id)
    for pk, title, ends_at, forum_id in late:
        after = (today - timezone.localtime(ends_at).date()).days
        recipients = [notulis[pk]] if pk in notulis else board[forum_id]
        for user_id in recipients:
            yield Message(
                key=f"minutes:event:{pk}", slot=f"H+{after}", recipient_id=user_id, forum_id=forum_id,
                url=f"{detail}{pk}/", kind="minutes_late", context={"title": title, "days": after})
