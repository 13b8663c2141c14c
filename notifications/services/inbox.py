"""The in-app notification centre and the user's notification preferences."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Notification, Preference


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def preference_update(*, user, email: bool, whatsapp: bool, digest: bool) -> Preference:
    with transaction.atomic():
        pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
        pref.email, pref.whatsapp, pref.digest = bool(email), bool(whatsapp), bool(digest)
        pref.save()
    return pref
