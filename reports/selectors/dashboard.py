"""The board's dashboard charts: the on-time rate per year since the forum's founding and the
grade distribution of the serving secretaries now and at the end of the previous quarter. Drawn
with the one SVG chart helper (fokuss.charts), worded like the capacity report's charts. A fixed
number of queries whatever the number of villages, deadlines or assessments."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from competency.models import Framework
from competency.selectors import grade_for
from fokuss import charts
from fokuss.charts import Series
from fokuss.stats import percent
from members.models import SecretaryTenure
from obligations.models import Deadline
from obligations.selectors import on_time_by_year

from .capacity import GRADES, levels_as_of
from .periods import current_period


def yearly_on_time(*, forum, today: datetime.date) -> list[tuple[int, int, int]]:
    """(year, on time, due) for every year from the forum's founding (or its first deadline) to
    this one, counting deadlines whose due date has passed. One query."""
    yearly = on_time_by_year(Deadline.objects.filter(forum=forum, due_on__lt=today))
    first = forum.founded_on.year if forum.founded_on else min(yearly, default=today.year)
    return [(y, *yearly.get(y, (0, 0))) for y in range(first, today.year + 1)]


def grade_counts(*, forum, days: tuple[datetime.date, ...]) -> list[list[tuple[str, int]]]:
    """Per day, how many serving secretaries of the forum's villages have grade A, B, C or not
    enough data ("-"). Three queries."""
    framework = Framework.current(forum=forum)
    codes = list(framework.competencies.values_list("code", flat=True)) if framework else []
    tenures = SecretaryTenure.objects.filter(village__district_id=forum.district_id)
    people = [list(tenures.held_on(day).values_list("user_id", flat=True)) for day in days]
    levels = levels_as_of({p for group in people for p in group}, days)
    out = []
    for group, found in zip(people, levels, strict=True):
        counter: dict[str, int] = defaultdict(int)
        for person in group:
            counter[grade_for([found.get((person, c)) for c in codes]).letter or "-"] += 1
        out.append([(g, counter.get(g, 0)) for g in GRADES])
    return out


def on_time_chart(*, forum, today: datetime.date) -> SafeString:
    """The on-time rate per year as a line. One query."""
    return charts.line_chart(
        title=_("Ketepatan waktu per tahun"),
        series=[Series(_("Tepat waktu"), [(str(y), percent(ok, due)) for y, ok, due in
                                         yearly_on_time(forum=forum, today=today)])])


def board_charts(*, forum, today: datetime.date) -> dict[str, SafeString]:
    """The two charts of the board's dashboard."""
    period = current_period(today=today)
    before = period.previous()
    now_counts, before_counts = grade_counts(forum=forum, days=(today, before.end))
    label = {"A": "A", "B": "B", "C": "C", "-": _("Belum cukup data")}
    return {
        "on_time": on_time_chart(forum=forum, today=today),
        "grades": charts.bar_chart(
            title=_("Sebaran grade sekretaris desa"),
            categories=[str(label[g]) for g in GRADES],
            series=[Series(before.label, [(str(label[g]), n) for g, n in before_counts]),
                    Series(_("Sekarang"), [(str(label[g]), n) for g, n in now_counts])]),
    }
