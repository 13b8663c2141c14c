from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from fokuss import policy
from fokuss.exports import Table

from .models import Channel, Delivery, Notification, Preference, SweepDay
from .services.planning import _recipients  # one rule for who accepts which channel


def delivery_for(actor: policy.Actor, pk, action: str = "delivery.resend") -> Delivery:
    """A forum's delivery, if the actor may do ``action`` on it (404 / 403 otherwise)."""
    return policy.fetch(actor, action, Delivery, pk=pk)


def notification_for(actor: policy.Actor, pk, action: str = "notification.read") -> Notification:
    """One of the actor's own notifications; someone else's is 404 (not theirs to know of)."""
    return policy.fetch(actor, action, Notification.objects.filter(recipient_id=actor.user_id), pk=pk)


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])


def preference_of(*, user) -> Preference:
    """The user's notification preferences (an unsaved default row when they never chose)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


DELIVERY_FILTERS = {
    "gagal": [Delivery.Status.FAILED],
    "dicoba-ulang": [Delivery.Status.RETRYING],
    "menunggu": [Delivery.Status.PENDING, Delivery.Status.SENDING],
    "terkirim": [Delivery.Status.SENT],
}


def forum_deliveries(*, forum, status: str = "") -> QuerySet[Delivery]:
    """The forum's deliveries, newest first (lazy: the page paginates it)."""
    qs = Delivery.objects.filter(forum=forum).select_related("recipient")
    if status in DELIVERY_FILTERS:
        qs = qs.filter(status__in=DELIVERY_FILTERS[status])
    return qs.order_by("-created_at", "-pk")


def deliveries_table(deliveries) -> Table:
    """The filtered deliveries (all pages) as an export table (fokuss.exports)."""
    return Table(
        headers=[_("Dibuat"), _("Penerima"), _("Saluran"), _("Slot"), _("Judul"), _("Status"), _("Percobaan"),
                 _("Galat terakhir")],
        rows=[[d.created_at, d.recipient.full_name, d.get_channel_display(), d.slot, d.subject,
               d.get_status_display(), d.attempts, d.last_error] for d in deliveries],
    )


def delivery_counts(*, forum) -> dict[str, int]:
    counts = {s: 0 for s in Delivery.Status.values}
    for status, n in Delivery.objects.filter(forum=forum).values_list("status").annotate(n=Count("pk")).order_by():
        counts[status] = n
    return counts


CATCH_UP_DAYS = 3  # a longer outage is an incident for people, not a backlog of stale reminders


def missed_sweep_days(*, today: datetime.date, limit: int = CATCH_UP_DAYS) -> list[datetime.date]:
    """The days before ``today`` on which no sweep finished, since the last one that did (at most
    the ``limit`` most recent). Empty before the first sweep ever. One query."""
    last = SweepDay.objects.filter(day__lt=today).order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return []
    gap = (today - last).days - 1
    return [today - datetime.timedelta(days=n) for n in range(min(gap, limit), 0, -1)]


def channel_reach(*, user_ids) -> dict[str, int]:
    """How many of these people a message would reach on each channel: the in-app notification
    centre every active person; e-mail and WhatsApp by their contact data, preferences and
    WhatsApp consent (the planner's own rule, services.planning). Two queries; none for nobody."""
    ids = set(user_ids)
    recipients = _recipients(ids) if ids else {}
    return {
        Channel.INAPP: len(recipients),
        Channel.EMAIL: sum(1 for r in recipients.values() if r.email),
        Channel.WHATSAPP: sum(1 for r in recipients.values() if r.whatsapp),
    }
