"""The audit trail and the access log: writing entries, purging old access rows."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AccessLog,
    AuditAction,
    AuditEntry,
    User,
)


def log_action(*, actor: User | None, action: AuditAction | str, obj, forum_id: int | None = None,
               data: dict | None = None) -> AuditEntry:
    """Record a domain event ("submission.verified by X") for the audit trail. Services call it
    inside their own transaction, so the entry is saved exactly when the change is (a rolled
    back change leaves no entry). ``actor`` is the person who acted (None or an anonymous user:
    the system, e.g. a task); ``forum_id`` defaults to the object's ``forum_id``; ``data``
    holds a few plain values worth reading later (a reason, a level, a number)."""
    action = AuditAction(action)  # an unknown action name is a programming error
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    if forum_id is None:
        forum_id = getattr(obj, "forum_id", None)
    return AuditEntry.objects.create(
        actor=actor, actor_name=str(actor)[:150] if actor is not None else "",
        action=action, object_type=AuditEntry.type_of(obj), object_id=obj.pk, object_repr=str(obj)[:200], forum_id=forum_id, data=data or {},
    )



def access_log_record(*, action: str, user: User | None, request=None, detail: str = "") -> None:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    path = request.get_full_path()[:500] if request is not None else ""
    AccessLog.objects.create(action=action, user=user if user and user.pk else None, ip=ip or None,
                             path=path, detail=detail[:300])


def access_logs_purge(*, now: datetime.datetime | None = None, retention_days: int | None = None) -> int:
    """Delete sign-in and download records older than ``retention_days`` (default
    settings.ACCESS_LOG_RETENTION_DAYS); returns how many. Run nightly by beat
    (members.tasks.purge_access_logs). Deleted in batches so a large backlog never holds one
    long lock."""
    days = settings.ACCESS_LOG_RETENTION_DAYS if retention_days is None else retention_days
    if days < 1:
        raise ValidationError(_("Masa simpan catatan akses minimal 1 hari."))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        batch = list(AccessLog.objects.filter(at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:5000])
        if not batch:
            return deleted
        with transaction.atomic():
            deleted += AccessLog.objects.filter(pk__in=batch).delete()[0]
