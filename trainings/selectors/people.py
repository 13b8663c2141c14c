"""Who someone was on a day (village and position label for the daftar hadir) and the local date
of a moment."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import BoardPosition, FacilitatorAssignment, KecamatanStaff, SecretaryTenure


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The days ``first`` to ``last`` (both included) as [start, end) in local time, for filtering
    moments."""
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz))


def people_context(*, forum, person_ids: Iterable[int], day: datetime.date) -> dict[int, tuple[int | None, str]]:
    """Per person, (village id, position label) on a day: the snapshot kept on attendance rows
    for the daftar hadir. Four queries whatever the number of people."""
    ids = set(person_ids)
    result: dict[int, tuple[int | None, str]] = {pk: (None, _("Peserta")) for pk in ids}
    for user_id, label in FacilitatorAssignment.objects.held_on(day).filter(user_id__in=ids).values_list(
            "user_id", "role"):
        result[user_id] = (None, str(FacilitatorAssignment.Role(label).label))
    for user_id, position in KecamatanStaff.objects.held_on(day).filter(
            user_id__in=ids, district_id=forum.district_id).values_list("user_id", "position"):
        result[user_id] = (None, str(KecamatanStaff.Position(position).label))
    village_of: dict[int, tuple[int, str]] = {}
    for user_id, village_id, status in SecretaryTenure.objects.held_on(day).filter(
            user_id__in=ids).values_list("user_id", "village_id", "status"):
        acting = {"plt": "Plt. ", "pj": "Pj. "}.get(status, "")
        village_of[user_id] = (village_id, f"{acting}{_('Sekretaris Desa')}")
        result[user_id] = village_of[user_id]
    for user_id, position, field in BoardPosition.objects.held_on(day).filter(
            forum=forum, user_id__in=ids).values_list("user_id", "position", "field"):
        village_id = village_of.get(user_id, (None, ""))[0]
        label = str(BoardPosition.Position(position).label) + (f" {field}" if field else "")
        result[user_id] = (village_id, f"{label} {forum.short_name}")
    return result
