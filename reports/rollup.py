"""Selectors of the kabupaten roll-up: every kecamatan forum of a regency side by side.

Kept apart from reports/selectors/ (the capacity report and the person profile) because it
reads many forums at once; like every selector it runs a fixed number of queries (7) whatever the
number of forums and villages. The figures use the same definitions as the capacity report:
on time = verified submission completed on or before the due date, over deadlines already due
this year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from competency.selectors import current_levels
from fokuss.cache import forums_cached
from fokuss.charts import Series, bar_chart
from fokuss.exports import Table
from fokuss.stats import percent
from members.models import Forum, Regency, SecretaryTenure, Village
from mentoring.models import MentoringPlan
from obligations.models import Deadline
from obligations.selectors import ON_TIME
from trainings.models import Event

INDEPENDENT = 3  # "mampu mandiri" and above


@dataclass
class ForumFigures:
    forum: Forum
    villages: int = 0
    secretaries: int = 0
    due: int = 0
    on_time: int = 0
    levels_assessed: int = 0
    levels_independent: int = 0
    trainings: int = 0
    mentoring_active: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def independent_share(self) -> float | None:
        """Share of the assessed (secretary, competency) current levels at level 3 or 4."""
        return percent(self.levels_independent, self.levels_assessed)


@dataclass
class Rollup:
    year: int
    as_of: datetime.date
    regencies: list[Regency]
    rows: list[ForumFigures]

    @property
    def label(self) -> str:
        return ", ".join(str(r) for r in self.regencies) or _("Semua kabupaten")


def rollup_forum_ids(actor) -> frozenset[int] | None:
    """The forums of the roll-up: every forum of the actor's regencies; None (all) for the admin."""
    return None if actor.is_superuser else actor.kabupaten_forums


def kabupaten_rollup(*, forum_ids: Iterable[int] | None, year: int | None = None,
                     today: datetime.date | None = None) -> Rollup:
    """Headline figures of each forum for ``year`` (this year by default, as of today): villages,
    secretaries serving today, on-time rate, share of levels at 3 or more, trainings held, active
    mentoring plans. Seven queries whatever the number of forums."""
    today = today or timezone.localdate()
    year = year or today.year
    start = datetime.date(year, 1, 1)
    cutoff = min(datetime.date(year + 1, 1, 1), today)
    forums_qs = Forum.objects.select_related("district__regency").order_by("district__code")
    if forum_ids is not None:
        forums_qs = forums_qs.filter(pk__in=list(forum_ids))
    forums = list(forums_qs)
    ids = [f.pk for f in forums]
    by_district = {f.district_id: ForumFigures(forum=f) for f in forums}
    by_forum = {f.forum.pk: f for f in by_district.values()}

    for district_id, n in (Village.objects.filter(district_id__in=list(by_district)).values_list("district_id")
                           .annotate(n=Count("pk")).order_by()):
        by_district[district_id].villages = n

    people: dict[int, int] = {}  # person -> district
    for user_id, district_id in (SecretaryTenure.objects.held_on(today)
                                 .filter(village__district_id__in=list(by_district))
                                 .values_list("user_id", "village__district_id")):
        people[user_id] = district_id
    for district_id in people.values():
        by_district[district_id].secretaries += 1
    for (person_id, _code), level in current_levels(person_ids=list(people)).items():
        figures = by_district[people[person_id]]
        figures.levels_assessed += 1
        figures.levels_independent += int(level >= INDEPENDENT)

    for forum_id, due, on_time in (
        Deadline.objects.filter(forum_id__in=ids, due_on__gte=start, due_on__lt=cutoff).values_list("forum_id")
        .annotate(n_due=Count("pk"),
                  n_on_time=Count("pk", filter=ON_TIME))
        .order_by()
    ):
        by_forum[forum_id].due, by_forum[forum_id].on_time = due, on_time

    tz = timezone.get_current_timezone()
    held_before = min(timezone.now(), datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=tz))
    for forum_id, n in (Event.objects.filter(
            forum_id__in=ids, kind=Event.Kind.PELATIHAN, status__in=Event.TAKES_PLACE,
            starts_at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=tz), starts_at__lt=held_before)
            .values_list("forum_id").annotate(n=Count("pk")).order_by()):
        by_forum[forum_id].trainings = n

    counts: dict[int, int] = defaultdict(int)
    for forum_id, n in (MentoringPlan.objects.filter(forum_id__in=ids, status=MentoringPlan.Status.AKTIF)
                        .values_list("forum_id").annotate(n=Count("pk")).order_by()):
        counts[forum_id] = n
    for forum_id, n in counts.items():
        by_forum[forum_id].mentoring_active = n

    regencies = list({f.district.regency_id: f.district.regency for f in forums}.values())
    return Rollup(year=year, as_of=min(datetime.date(year, 12, 31), today), regencies=regencies,
                  rows=list(by_district.values()))


def _name(figures: ForumFigures) -> str:
    return f"{figures.forum.short_name} {figures.forum.district.name}"


def rollup_chart(rollup: Rollup) -> SafeString:
    """Grouped bars per forum: on-time rate and share at level 3 or more (percent)."""
    names = [_name(r) for r in rollup.rows]
    return bar_chart(
        title=_("Perbandingan antarforum %(year)s") % {"year": rollup.year},
        categories=names,
        series=[
            Series(label=_("Tepat waktu"), points=[(n, r.on_time_rate) for n, r in zip(names, rollup.rows, strict=True)]),
            Series(label=_("Tingkat 3 ke atas"),
                   points=[(n, r.independent_share) for n, r in zip(names, rollup.rows, strict=True)]),
        ],
        y_max=100, unit="%",
    )


def rollup_table(rollup: Rollup) -> Table:
    def pct(value: float | None) -> float | str:
        return "" if value is None else value

    return Table(
        headers=[_("Forum"), _("Kecamatan"), _("Kode kecamatan"), _("Desa"), _("Sekretaris desa menjabat"),
                 _("Tenggat jatuh tempo"), _("Tepat waktu"), _("Tepat waktu (%)"), _("Tingkat 3 ke atas (%)"),
                 _("Pelatihan terlaksana"), _("Pendampingan aktif")],
        rows=[[r.forum.short_name, r.forum.district.name, r.forum.district.code, r.villages, r.secretaries, r.due,
               r.on_time, pct(r.on_time_rate), pct(r.independent_share), r.trainings, r.mentoring_active]
              for r in rollup.rows],
    )


# The roll-up as a PDF made in the background ------------------------------------------------------

def scope_key(forum_ids: Iterable[int] | None) -> str:
    """The forums of a roll-up as stored on a KabupatenReport: sorted keys, "*" for every forum."""
    return "*" if forum_ids is None else ",".join(str(pk) for pk in sorted(forum_ids))


def scope_forum_ids(scope: str) -> frozenset[int] | None:
    return None if scope == "*" else frozenset(int(pk) for pk in scope.split(",") if pk)


def kabupaten_page_data(*, forum_ids: frozenset[int] | None, year: int, today: datetime.date) -> tuple[Rollup, SafeString]:
    """The roll-up page's figures and chart. The same for every reader of those forums, so cached
    under the data versions of all of them (fokuss/cache.py): after a write in any, the first reader
    computes them and the others reuse them. The admin's roll-up over every forum is not cached."""
    def compute() -> tuple[Rollup, SafeString]:
        data = kabupaten_rollup(forum_ids=forum_ids, year=year, today=today)
        return data, rollup_chart(data)

    if forum_ids is None:
        return compute()
    return forums_cached(forum_ids, "kabupaten-rollup", [year, today], compute)
