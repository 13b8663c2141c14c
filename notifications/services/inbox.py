"""The in-app notification centre and the user's notification preferences."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fokuss.cache import user_version_bump
from members.models import Consent
from members.services import consent_record

from ..models import Notification, Preference


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's notifications read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    marked = qs.update(read_at=timezone.now())
    user_version_bump(user.pk)  # update() sends no signals (fokuss/cache.py): the bell of cached pages
    return marked


def preference_update(*, user, email: bool, whatsapp: bool, digest: bool,
                      whatsapp_consent: bool | None = None) -> Preference:
    """Save the channel choices; ``whatsapp_consent`` (when given) is recorded as a consent row
    (members.Consent), which is what lets the planner use WhatsApp at all."""
    with transaction.atomic():
        pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
        pref.email, pref.whatsapp, pref.digest = bool(email), bool(whatsapp), bool(digest)
        pref.save()
        if whatsapp_consent is not None:
            consent_record(person=user, purpose=Consent.Purpose.WHATSAPP, given=whatsapp_consent,
                           source="halaman preferensi notifikasi")
    return pref


def email_unsubscribe(*, user) -> Preference:
    """Stop e-mail for this person (the List-Unsubscribe link of every e-mail); the in-app
    notifications and WhatsApp stay as they were."""
    with transaction.atomic():
        pref, _created = Preference.objects.select_for_update().get_or_create(user=user)
        if pref.email:
            pref.email = False
            pref.save(update_fields=["email"])
    return pref
