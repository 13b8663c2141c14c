"""Writes for action items."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActionItem


def action_item_create(
    *,
    forum,
    owner,
    title: str,
    due_on: datetime.date | None,
    source: models.Model | None = None,
    source_label: str = "",
    source_url: str = "",
    created_by=None,
) -> ActionItem:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Isi tindak lanjutnya.")})
    item = ActionItem(
        forum=forum, owner=owner, title=title[:300], due_on=due_on, source_label=source_label[:300],
        source_url=source_url, created_by=created_by,
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = source.pk
    with transaction.atomic():
        item.save()
    return item


def action_item_complete(*, item: ActionItem, user, note: str = "") -> ActionItem:
    if item.done_at is not None:
        raise ValidationError(_("Tindak lanjut ini sudah ditandai selesai."))
    with transaction.atomic():
        item.done_at = timezone.now()
        item.done_note = note.strip()
        item.save(update_fields=["done_at", "done_note"])
    return item


def action_item_reopen(*, item: ActionItem) -> ActionItem:
    """Open a completed item again (its completion note goes; the history keeps it)."""
    if item.done_at is None:
        raise ValidationError(_("Tindak lanjut ini belum ditandai selesai."))
    with transaction.atomic():
        item.done_at = None
        item.done_note = ""
        item.save(update_fields=["done_at", "done_note"])
    return item
