"""Deadlines in the calendar feed (fokuss.ical): the own (or facilitated) villages' deadlines
one by one, and for the board / camat office one entry per obligation and due date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from fokuss.ical import Entry

from .models import OPEN_STATES, STATUS_LABELS, Deadline, derived_status


def entries(*, actor, today: datetime.date, now: datetime.datetime) -> Iterator[Entry]:
    start, end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=400)
    site = settings.SITE_URL.rstrip("/")
    own = set(actor.own_villages) | set(actor.facilitated_villages)
    if own:
        for pk, due_on, name, period, village, state in (
            Deadline.objects.filter(village_id__in=own, due_on__gte=start, due_on__lte=end)
            .values_list("pk", "due_on", "obligation__name", "period", "village__name", "state")
        ):
            status = STATUS_LABELS[derived_status(state=state, due_on=due_on, today=today)]
            yield Entry(uid=f"deadline-{pk}@fokuss", summary=f"{name} ({period}) – {village}", start=due_on,
                        end=due_on + datetime.timedelta(days=1), description=f"Status: {status}",
                        url=site + reverse("obligations:deadline_detail", args=[pk]))
    overseen = actor.board_forums | actor.kecamatan_forums
    if overseen:
        for row in (
            Deadline.objects.filter(forum_id__in=overseen, due_on__gte=start, due_on__lte=end)
            .values("forum_id", "obligation_id", "obligation__name", "period", "due_on")
            .annotate(total=Count("pk"), open=Count("pk", filter=Q(state__in=OPEN_STATES))).order_by("due_on")
        ):
            yield Entry(uid=f"obligation-{row['obligation_id']}-{row['period'].replace(' ', '')}-{row['due_on']}@fokuss",
                        summary=f"{row['obligation__name']} ({row['period']}) – {row['total']} desa",
                        start=row["due_on"], end=row["due_on"] + datetime.timedelta(days=1),
                        description=f"Belum/ditolak: {row['open']} dari {row['total']} desa")
