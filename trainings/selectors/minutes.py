"""Reads of minutes (notulen): fetch-and-check, the minutes page and form, and meetings still
waiting for final minutes."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch

from fokuss import policy
from fokuss.policy import Actor

from ..models import Event, FollowUp, Minutes
from .documents import minutes_document


def minutes_for(actor: Actor, pk, action: str = "minutes.view") -> Minutes:
    """Minutes the actor may do ``action`` on; "minutes.view" reads the status (final for every
    member, a draft for the board, the camat office and the notulis)."""
    return policy.fetch(actor, action, Minutes.objects.select_related("event__forum__district", "chair", "notulis"),
                        pk=pk)


def minutes_page(*, minutes) -> dict:
    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner", "action_item"))))
    revisions = list(minutes.event.minutes.order_by("-revision"))
    return {"items": items, "revisions": revisions, "latest": revisions[0], "is_latest": revisions[0].pk == minutes.pk,
            "document": minutes_document(minutes=minutes),
            "attendance": list(minutes.event.attendances.select_related("person", "village")
                               .order_by("village__name", "person__full_name"))}


def minutes_form_initial(*, minutes: Minutes) -> dict:
    """The minutes form of a draft: head, agenda items and follow-ups (numbered by item). Two
    queries."""
    items = list(minutes.items.prefetch_related("follow_ups__owner"))
    return {
        "head": {"chair": minutes.chair_id, "notulis": minutes.notulis_id, "opening": minutes.opening,
                 "closing": minutes.closing},
        "items": [{"title": i.title, "discussion": i.discussion, "decision": i.decision} for i in items],
        "follow_ups": [{"item": n, "what": f.what, "owner": f.owner_id, "due_on": f.due_on}
                       for n, i in enumerate(items, start=1) for f in i.follow_ups.all()],
    }


def latest_minutes(*, event: Event) -> Minutes | None:
    return event.minutes.order_by("-revision").first()


def minutes_pending(*, forum, now: datetime.datetime) -> list[Event]:
    """Published meetings that have ended without final minutes (newest first). One query."""
    final = Minutes.objects.filter(event_id=OuterRef("pk"), status=Minutes.Status.FINAL)
    return list(Event.objects.filter(forum=forum, status__in=Event.TAKES_PLACE, ends_at__lt=now,
                                     ends_at__gte=now - datetime.timedelta(days=180))
                .exclude(Exists(final)).order_by("-ends_at")[:5])
