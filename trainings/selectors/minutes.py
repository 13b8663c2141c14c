"""Reads of minutes (notulen): fetch-and-check, the minutes page and form, and meetings still
waiting for final minutes."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from fokuss import policy
from fokuss.policy import Actor

from ..models import AgendaItem, Event, FollowUp, IssuedDocument, Minutes
from .documents import minutes_document
from .people import day_bounds


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


# Archive of final minutes (board, camat office, kabupaten staff) ----------------------------------

SEARCH_MAX = 100  # characters of the archive's search text; longer text is cut with a message


def minutes_archive(*, forum, year: int | None = None, kind: str = "", search: str = "") -> QuerySet[Minutes]:
    """The forum's minutes in force: the latest final revision of each meeting (a finalised
    correction replaces the revision it corrects), newest meeting first, filtered by the meeting's
    year (local time), its kind and a text found in the title, the number or the minutes' content
    (opening, closing, agenda items with their discussion and decision). Lazy: the page paginates
    it (a count and one query for the page), the export reads it once."""
    final = Minutes.Status.FINAL
    qs = (Minutes.objects.filter(event__forum=forum, status=final)
          .exclude(Exists(Minutes.objects.filter(supersedes=OuterRef("pk"), status=final)))
          .select_related("event", "chair", "notulis", "document"))
    if year is not None:
        start, end = day_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        qs = qs.filter(event__starts_at__gte=start, event__starts_at__lt=end)
    if kind:
        qs = qs.filter(event__kind=kind)
    if search:
        in_items = AgendaItem.objects.filter(
            Q(title__icontains=search) | Q(discussion__icontains=search) | Q(decision__icontains=search),
            minutes_id=OuterRef("pk"))
        qs = qs.filter(Q(event__title__icontains=search) | Q(number__icontains=search)
                       | Q(opening__icontains=search) | Q(closing__icontains=search) | Exists(in_items))
    return qs.order_by("-event__starts_at", "-pk")


def archive_years(*, forum, today: datetime.date) -> range:
    """The years the archive's filter offers: from the forum's founding (or five years back) to
    this year, newest first."""
    founded = forum.founded_on.year if forum.founded_on else today.year - 5
    return range(today.year, founded - 1, -1)


def minutes_document_of(minutes: Minutes) -> IssuedDocument | None:
    """The issued document read with the archive's rows (select_related), without a query."""
    try:
        return minutes.document
    except IssuedDocument.DoesNotExist:
        return None
