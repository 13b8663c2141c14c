from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Delivery, Notification


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])


DELIVERY_FILTERS = {
    "gagal": [Delivery.Status.FAILED],
    "dicoba-ulang": [Delivery.Status.RETRYING],
    "menunggu": [Delivery.Status.PENDING, Delivery.Status.SENDING],
    "terkirim": [Delivery.Status.SENT],
}


def forum_deliveries(*, forum, status: str = "", limit: int = 200) -> QuerySet[Delivery]:
    """The forum's deliveries, newest first (one query)."""
    qs = Delivery.objects.filter(forum=forum).select_related("recipient")
    if status in DELIVERY_FILTERS:
        qs = qs.filter(status__in=DELIVERY_FILTERS[status])
    return qs.order_by("-created_at", "-pk")[:limit]


def delivery_counts(*, forum) -> dict[str, int]:
    counts = {s: 0 for s in Delivery.Status.values}
    for status, n in Delivery.objects.filter(forum=forum).values_list("status").annotate(n=Count("pk")).order_by():
        counts[status] = n
    return counts
