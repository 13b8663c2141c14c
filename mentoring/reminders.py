"""Stalled mentoring plans, for the reminder sweep (built in notifications): an active plan with no
session for ``Forum.stalled_mentoring_days`` days (since its start when it has none) nudges the
mentor and the mentee once per calendar month (slot = ISO year-month in WIB), each only while
they hold a post in the plan's forum that day (members.selectors.forum_people). The text:
templates/notifications/messages/mentoring_stalled.txt."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from fokuss.terbilang import tanggal
from members.selectors import forum_people
from notifications.services import Message

from .models import MentoringPlan
from .selectors import MENTOR_ROLES, plan_is_stalled


def due_messages(*, now: datetime.datetime) -> Iterable[Message]:
    """One query for all plans, plus one per forum with stalled plans (who holds a post there
    today); the Delivery unique key (key, recipient, channel, slot) makes the nudge exactly-once
    per period."""
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    slot = f"{today:%Y-%m}"
    plans = (MentoringPlan.objects.filter(status=MentoringPlan.Status.AKTIF)
             .select_related("forum", "mentee", "mentor", "competency")
             .annotate(last_session=Max("sessions__held_on")))
    stalled = [p for p in plans if plan_is_stalled(p, today=today, days=p.forum.stalled_mentoring_days)]
    forums = {p.forum_id: p.forum for p in stalled}
    holders = {pk: set(forum_people(forum=forum, day=today, roles=MENTOR_ROLES).values_list("pk", flat=True))
               for pk, forum in forums.items()}
    for plan in stalled:
        days = plan.forum.stalled_mentoring_days
        url = reverse("mentoring:plan_detail", kwargs={"pk": plan.pk})
        context = {
            "code": plan.competency.code, "competency": plan.competency.name, "days": days,
            "mentor": plan.mentor.full_name, "mentee": plan.mentee.full_name,
            "last_session": tanggal(plan.last_session) if plan.last_session else "",
            "started": tanggal(plan.started_on),
        }
        for recipient in (plan.mentor_id, plan.mentee_id):
            if recipient not in holders[plan.forum_id]:
                continue
            yield Message(key=f"mentoring-plan:{plan.pk}:stalled", slot=slot, recipient_id=recipient,
                          kind="mentoring_stalled", context=context, url=url, forum_id=plan.forum_id)
