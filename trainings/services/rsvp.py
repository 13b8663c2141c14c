"""Answers to an invitation (hadir / izin / tidak hadir) and the waiting list. The caller has
checked that the person may answer ("event.rsvp")."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Message, deliveries_plan

from ..models import Event, Registration
from ..selectors.events import event_url


def _hadir_count(event: Event, *, exclude_pk: int | None = None) -> int:
    qs = event.registrations.filter(response=Registration.Response.HADIR)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def _promote_waiting(event: Event, *, now: datetime.datetime) -> Registration | None:
    """Give a freed seat to the first person on the waiting list and tell them."""
    if event.capacity is not None and _hadir_count(event) >= event.capacity:
        return None
    first = (event.registrations.select_for_update().filter(response=Registration.Response.WAITING)
             .order_by("waitlisted_at", "pk").first())
    if first is None:
        return None
    first.response = Registration.Response.HADIR
    first.save(update_fields=["response"])
    deliveries_plan(messages=[Message(
        key=f"event:{event.pk}:waitlist", slot=f"promoted:{first.person_id}", recipient_id=first.person_id,
        subject=_("Anda mendapat tempat: %(title)s") % {"title": event.title},
        body=_("Ada peserta yang batal. Anda sekarang terdaftar hadir di \"%(title)s\".") % {"title": event.title},
        url=event_url(event), forum_id=event.forum_id)], now=now)
    return first


def rsvp_respond(*, event: Event, person, response: str, reason: str = "",
                 now: datetime.datetime | None = None) -> Registration:
    """Answer an invitation: hadir (or the waiting list when the event is full), izin with a
    reason, tidak hadir. A seat given up goes to the first person on the waiting list."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    choices = {Registration.Response.HADIR, Registration.Response.IZIN, Registration.Response.TIDAK_HADIR}
    if response not in choices:
        raise ValidationError({"response": _("Pilih hadir, izin atau tidak hadir.")})
    if response == Registration.Response.IZIN and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan izin.")})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Kegiatan ini belum dibuka atau sudah dibatalkan."))
        deadline = event.registration_deadline or event.starts_at
        if now > deadline:
            raise ValidationError(_("Batas konfirmasi kehadiran sudah lewat (%(d)s).")
                                  % {"d": timezone.localtime(deadline).strftime("%d-%m-%Y %H.%M")})
        registration, _created = Registration.objects.select_for_update().get_or_create(
            event=event, person=person, defaults={"invited": False})
        previous = registration.response
        registration.reason = reason if response == Registration.Response.IZIN else ""
        registration.responded_at = now
        if response == Registration.Response.HADIR:
            if previous in (Registration.Response.HADIR, Registration.Response.WAITING):
                pass  # keep the seat or the place in the queue
            elif event.capacity is not None and _hadir_count(event, exclude_pk=registration.pk) >= event.capacity:
                registration.response = Registration.Response.WAITING
                registration.waitlisted_at = now
            else:
                registration.response = Registration.Response.HADIR
        else:
            registration.response = response
            registration.waitlisted_at = None
        registration.save()
        if previous == Registration.Response.HADIR and registration.response != Registration.Response.HADIR:
            _promote_waiting(event, now=now)
    return registration
