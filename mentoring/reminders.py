"""Stalled mentoring plans, for the reminder sweep (built in notifications): an active plan with no
session for ``Forum.stalled_mentoring_days`` days (since its start when it has none) nudges the
mentor and the mentee once per calendar month (slot = ISO year-month in WIB)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Message

from .models import MentoringPlan
from .selectors import plan_is_stalled


def due_messages(*, now: datetime.datetime) -> Iterable[Message]:
    """One query for all forums; the Delivery unique key (key, recipient, channel, slot) makes the
    nudge exactly-once per period."""
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    slot = f"{today:%Y-%m}"
    plans = (MentoringPlan.objects.filter(status=MentoringPlan.Status.AKTIF)
             .select_related("forum", "mentee", "mentor", "competency")
             .annotate(last_session=Max("sessions__held_on")))
    for plan in plans:
        days = plan.forum.stalled_mentoring_days
        if not plan_is_stalled(plan, today=today, days=days):
            continue
        url = reverse("mentoring:plan_detail", kwargs={"pk": plan.pk})
        if plan.last_session:
            detail = _("Sesi terakhir %(date)s.") % {"date": plan.last_session.strftime("%d/%m/%Y")}
        else:
            detail = _("Belum ada sesi sejak rencana dimulai %(date)s.") % {"date": plan.started_on.strftime("%d/%m/%Y")}
        subject = _("Pendampingan %(code)s belum ada sesi %(days)s hari") % {"code": plan.competency.code,
                                                                           "days": days}
        body = _("Pendampingan %(mentor)s untuk %(mentee)s (%(competency)s) belum mencatat sesi dalam %(days)s hari "
                 "terakhir. %(detail)s Jadwalkan sesi berikutnya.") % {
            "mentor": plan.mentor.full_name, "mentee": plan.mentee.full_name, "competency": plan.competency.name,
            "days": days, "detail": detail}
        for recipient in (plan.mentor_id, plan.mentee_id):
            yield Message(key=f"mentoring-plan:{plan.pk}:stalled", slot=slot, recipient_id=recipient,
                          subject=subject, body=body, url=url, forum_id=plan.forum_id)
