"""The figures of the camat dashboard panel: this period's headlines against the previous one,
and the yearly trends since the forum's founding."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from competency.selectors import grade_for
from fokuss import charts
from fokuss.charts import Series
from fokuss.stats import percent
from members.models import SecretaryTenure
from trainings.models import Attendance, Event

from .capacity import CapacityFigures, levels_as_of


def camat_headlines(*, now: CapacityFigures, before: CapacityFigures) -> list[tuple[str, object, object, str]]:
    """(label, value now, change against the previous period, unit) for the camat dashboard."""
    def delta(a, b):
        return None if a is None or b is None else round(a - b, 1)

    return [
        (_("Tepat waktu"), now.on_time_rate, delta(now.on_time_rate, before.on_time_rate), "%"),
        (_("Sekdes grade A (tingkat 3 ke atas)"), now.independent_share,
         delta(now.independent_share, before.independent_share), "%"),
        (_("Pelatihan diselenggarakan"), now.trainings_held, now.trainings_held - before.trainings_held, ""),
        (_("Kehadiran"), now.attendance_rate, delta(now.attendance_rate, before.attendance_rate), "%"),
        (_("Pendampingan aktif"), now.mentoring_active, now.mentoring_active - before.mentoring_active, ""),
    ]


@dataclass(frozen=True)
class YearTrend:
    year: int
    on_time: int
    due: int
    trainings: int
    hadir: int
    alpa: int
    independent_share: float | None = None  # share of graded secretaries with grade A at the year's end


    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def attendance_rate(self) -> float | None:
        """Present over present + absent without leave (izin and sakit do not count against)."""
        return percent(self.hadir, self.hadir + self.alpa)


def independent_share_by_year(*, figures: CapacityFigures, years: list[int],
                              today: datetime.date) -> dict[int, float | None]:
    """Per year: the share of the secretaries serving on the year's last day (today for this year)
    who have grade A then (competencies mostly at level 3 or higher, the rule of the capacity
    report), among those with enough validated levels for a grade. Two queries whatever the number
    of villages and years."""
    if not years or not figures.competencies:
        return {}
    days = {y: min(datetime.date(y, 12, 31), today) for y in years}
    tenures = list(SecretaryTenure.objects.filter(village__district_id=figures.forum.district_id,
                                                  started_on__lte=max(days.values()))
                   .values_list("village_id", "user_id", "started_on", "ended_on"))
    village_ids = {r.village.pk for r in figures.rows}
    levels = levels_as_of({user for _v, user, _s, _e in tenures}, tuple(days.values()))
    codes = [c.code for c in figures.competencies]
    shares: dict[int, float | None] = {}
    for (year, day), known in zip(days.items(), levels, strict=True):
        serving = {v: user for v, user, start, end in tenures
                   if v in village_ids and start <= day and (end is None or end >= day)}
        grades = [grade_for([known.get((user, code)) for code in codes]).letter for user in serving.values()]
        graded = [g for g in grades if g]
        shares[year] = percent(sum(1 for g in graded if g == "A"), len(graded))
    return shares


def camat_trends(*, figures: CapacityFigures, now: datetime.datetime | None = None) -> list[YearTrend]:
    """Per year since the forum's founding (the years of ``figures``): the on-time rate (from the
    report's own yearly figures), trainings held, the attendance rate of the events held and the
    share of secretaries with grade A at the year's end. Four queries whatever the number of
    villages and years."""
    now = now or timezone.now()
    forum = figures.forum
    held = Event.objects.filter(forum=forum, status=Event.Status.PUBLISHED, starts_at__lt=now)
    trainings = dict(held.annotate(y=ExtractYear("starts_at")).values_list("y")
                     .annotate(n=Count("pk", filter=Q(kind=Event.Kind.PELATIHAN))).order_by())
    attendance = {
        y: (hadir, alpa) for y, hadir, alpa in (
            Attendance.objects.filter(event__in=held).annotate(y=ExtractYear("event__starts_at")).values_list("y")
            .annotate(hadir=Count("pk", filter=Q(status=Attendance.Status.HADIR)),
                      alpa=Count("pk", filter=Q(status=Attendance.Status.ALPA))).order_by())
    }
    shares = independent_share_by_year(figures=figures, years=[y for y, _ok, _due in figures.yearly_rates],
                                       today=timezone.localdate(now))
    return [YearTrend(year=y, on_time=ok, due=due, trainings=trainings.get(y, 0),
                      hadir=attendance.get(y, (0, 0))[0], alpa=attendance.get(y, (0, 0))[1],
                      independent_share=shares.get(y))
            for y, ok, due in figures.yearly_rates]


def camat_trend_charts(trends: list[YearTrend]) -> dict[str, SafeString]:
    """Two charts since the founding: on-time rate, attendance rate and the share of secretaries
    with grade A per year (lines), trainings held per year (bars)."""
    years = [str(t.year) for t in trends]
    first = years[0] if years else ""
    return {
        "rates": charts.line_chart(
            title=_("Tepat waktu, kehadiran dan sekdes grade A per tahun sejak %(y)s") % {"y": first},
            series=[Series(_("Tepat waktu"), [(str(t.year), t.on_time_rate) for t in trends]),
                    Series(_("Kehadiran"), [(str(t.year), t.attendance_rate) for t in trends]),
                    Series(_("Sekdes grade A"), [(str(t.year), t.independent_share) for t in trends])]),
        "trainings": charts.bar_chart(
            title=_("Pelatihan diselenggarakan per tahun sejak %(y)s") % {"y": first},
            categories=years, series=[Series(_("Pelatihan"), [(str(t.year), t.trainings) for t in trends])],
            y_max=max([4, *(t.trainings for t in trends)])),  # whole numbers on the axis for few trainings
    }
