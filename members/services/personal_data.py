"""Personal data (UU 27/2022): profile views, consent, WhatsApp visibility."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.cache import forum_versions_bump

from ..models import (
    AuditAction,
    Consent,
    Forum,
    ProfileView,
    User,
    WhatsappVisibility,
)
from ..selectors import forum_ids_of_user
from .audit import log_action


def profile_view_record(*, viewer: User, person: User | int, forum: Forum | None) -> None:
    """Record that ``viewer`` opened ``person``'s competency profile (the person sees it on their
    personal-data page) and, for the audit trail, on the person's timeline that overseers see.
    Looking at one's own profile is not recorded, and a viewer is recorded once a day per person
    and forum: the person learns who looked and on which day, and opening the page again the same
    day neither fills their list nor changes the forum's pages (fokuss/page_cache.py)."""
    person_id = person if isinstance(person, int) else person.pk
    if viewer is None or not viewer.pk or viewer.pk == person_id:
        return
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if ProfileView.objects.filter(viewer=viewer, person_id=person_id, forum=forum, viewed_at__gte=day_start).exists():
        return
    with transaction.atomic():
        ProfileView.objects.create(viewer=viewer, person_id=person_id, forum=forum)
        log_action(actor=viewer, action=AuditAction.PROFILE_VIEWED,
                   obj=person if isinstance(person, User) else User.objects.get(pk=person_id),
                   forum_id=forum.pk if forum else None)


def consent_record(*, person: User, purpose: str, given: bool, source: str) -> None:
    """Record a consent given or withdrawn, only when it changes what is in force (the latest row
    per purpose is the one that counts; the older rows are the record)."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Tujuan persetujuan tidak dikenal."))
    with transaction.atomic():
        latest = (Consent.objects.select_for_update().filter(person=person, purpose=purpose)
                  .order_by("-recorded_at", "-pk").first())
        if latest is not None and latest.given == bool(given):
            return
        Consent.objects.create(person=person, purpose=purpose, given=bool(given), source=source[:200])


def user_set_whatsapp_visibility(*, user: User, visibility: str) -> User:
    if visibility not in WhatsappVisibility.values:
        raise ValidationError({"whatsapp_visibility": _("Pilihan tidak dikenal.")})
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(whatsapp_visibility=visibility)
        # update() sends no signals: the directories of the person's forums show the number or not
        forum_versions_bump(forum_ids_of_user(user=user))
    user.whatsapp_visibility = visibility
    return user
