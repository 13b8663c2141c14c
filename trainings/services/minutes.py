"""Minutes (notulen): a draft with agenda items, decisions and follow-ups; finalised (numbered,
follow-ups become action items, PDF issued), then immutable; corrections are new revisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.services import action_item_create
from members.models import AuditAction
from members.selectors import board_signatory
from members.services import log_action

from ..models import AgendaItem, Event, FollowUp, IssuedDocument, Minutes
from ..selectors.people import local_date
from .documents import document_number, minutes_document_issue


def minutes_start(*, event: Event, by) -> Minutes:
    """The first draft, with the agenda of the event and the ketua as chair."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("forum").get(pk=event.pk)
        if event.minutes.exists():
            raise ValidationError(_("Notulen kegiatan ini sudah ada."))
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("Kegiatan ini dibatalkan."))
        minutes = Minutes.objects.create(
            event=event, revision=1, notulis=by,
            chair=board_signatory(forum=event.forum, position="ketua", today=local_date(event.starts_at)),
            opening=_("Rapat dibuka oleh pimpinan rapat dengan salam dan doa bersama."),
        )
        for position, title in enumerate(event.agenda_items or [event.title], start=1):
            AgendaItem.objects.create(minutes=minutes, position=position, title=title[:300])
    return minutes


def minutes_save(*, minutes: Minutes, by, chair, notulis, opening: str, closing: str,
                 items: list[dict]) -> Minutes:
    """Replace the content of a draft. ``items``: [{title, discussion, decision, follow_ups:
    [{what, owner, due_on}]}]."""
    errors: list[str] = []
    clean = []
    for index, item in enumerate(items, start=1):
        title = (item.get("title") or "").strip()
        follow_ups = [f for f in item.get("follow_ups", []) if (f.get("what") or "").strip()]
        if not title:
            if item.get("discussion") or item.get("decision") or follow_ups:
                errors.append(_("Mata acara nomor %(n)d belum diberi judul.") % {"n": index})
            continue
        for f in follow_ups:
            if f.get("owner") is None:
                errors.append(_("Tindak lanjut \"%(what)s\" belum punya penanggung jawab.") % {"what": f["what"]})
        clean.append((title, item, follow_ups))
    if not clean:
        errors.append(_("Notulen harus memuat minimal satu mata acara."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.is_final:
            raise ValidationError(_("Notulen ini sudah final dan tidak dapat diubah. Buat koreksi (revisi baru)."))
        # links to action items already created by an earlier revision survive the rewrite
        links = {(f.what, f.owner_id): f.action_item_id
                 for f in FollowUp.objects.filter(item__minutes=minutes, action_item__isnull=False)}
        minutes.items.all().delete()
        for position, (title, item, follow_ups) in enumerate(clean, start=1):
            row = AgendaItem.objects.create(minutes=minutes, position=position, title=title[:300],
                                            discussion=(item.get("discussion") or "").strip(),
                                            decision=(item.get("decision") or "").strip())
            FollowUp.objects.bulk_create([
                FollowUp(item=row, what=f["what"].strip()[:300], owner=f["owner"], due_on=f.get("due_on"),
                         action_item_id=links.get((f["what"].strip()[:300], f["owner"].pk)))
                for f in follow_ups
            ])
        minutes.chair, minutes.notulis = chair, notulis
        minutes.opening, minutes.closing = (opening or "").strip(), (closing or "").strip()
        minutes.updated_at = timezone.now()
        minutes.save()
    return minutes


def minutes_finalise(*, minutes: Minutes, by, now: datetime.datetime | None = None, render: bool = True) -> Minutes:
    """Lock the minutes: give them a number, turn follow-ups into action items on the owners'
    "Tugas saya" page, and issue the PDF (stored with its SHA-256)."""
    now = now or timezone.now()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("event__forum").get(pk=minutes.pk)
        event = minutes.event
        if minutes.is_final:
            raise ValidationError(_("Notulen ini sudah final."))
        problems = []
        if minutes.chair_id is None:
            problems.append(_("Isi pimpinan rapat."))
        if minutes.notulis_id is None:
            problems.append(_("Isi notulis."))
        if not minutes.items.exists():
            problems.append(_("Notulen harus memuat minimal satu mata acara."))
        if now < event.starts_at:
            problems.append(_("Rapat belum berlangsung."))
        if problems:
            raise ValidationError(problems)
        day = timezone.localtime(now).date()
        if minutes.supersedes is not None:
            base = minutes.supersedes.number.split("/Rev.")[0]
            minutes.number = f"{base}/Rev.{minutes.revision}"
        else:
            minutes.number = document_number(forum=event.forum, kind=IssuedDocument.Kind.NOTULEN, day=day)
        minutes.status = Minutes.Status.FINAL
        minutes.finalised_at, minutes.finalised_by = now, by
        minutes.save()
        url = reverse("trainings:minutes_detail", args=[minutes.pk])
        for follow_up in FollowUp.objects.filter(item__minutes=minutes, action_item__isnull=True).select_related(
                "owner"):
            follow_up.action_item = action_item_create(
                forum=event.forum, owner=follow_up.owner, title=follow_up.what, due_on=follow_up.due_on,
                source=follow_up, source_label=f"Notulen {event.title}", source_url=url, created_by=by)
            follow_up.save(update_fields=["action_item"])
        minutes_document_issue(minutes=minutes, day=day, render=render)
        log_action(actor=by, action=AuditAction.MINUTES_FINALISED, obj=event,
                   data={"minutes": minutes.pk, "number": minutes.number, "revision": minutes.revision})
    return minutes


def minutes_correct(*, minutes: Minutes, by, note: str) -> Minutes:
    """A correction of final minutes: a new draft revision with the same content; the final
    revision stays readable."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"correction_note": _("Tuliskan alasan koreksi.")})
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if not minutes.is_final:
            raise ValidationError(_("Hanya notulen final yang dikoreksi; draf dapat diubah langsung."))
        if Minutes.objects.filter(event_id=minutes.event_id, revision__gt=minutes.revision).exists():
            raise ValidationError(_("Sudah ada revisi yang lebih baru."))
        new = Minutes.objects.create(
            event_id=minutes.event_id, revision=minutes.revision + 1, chair=minutes.chair, notulis=minutes.notulis,
            opening=minutes.opening, closing=minutes.closing, supersedes=minutes, correction_note=note[:300])
        for item in minutes.items.prefetch_related("follow_ups"):
            copy = AgendaItem.objects.create(minutes=new, position=item.position, title=item.title,
                                             discussion=item.discussion, decision=item.decision)
            FollowUp.objects.bulk_create([
                FollowUp(item=copy, what=f.what, owner_id=f.owner_id, due_on=f.due_on, action_item_id=f.action_item_id)
                for f in item.follow_ups.all()
            ])
        log_action(actor=by, action=AuditAction.MINUTES_CORRECTED, obj=new.event,
                   data={"minutes": new.pk, "supersedes": minutes.pk, "revision": new.revision,
                         "note": new.correction_note})
    return new
