"""The capacity report of one forum for one period: the figures (per village and in total),
and the three things made from them, which therefore always agree: the charts, the workbook and
the PDF context."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from competency.models import Assessment, Competency, Framework
from competency.selectors import LATEST_FIRST, Grade, grade_for, grade_rule_text, needs_ranked
from fokuss import charts
from fokuss.cache import forum_cached
from fokuss.charts import Series
from fokuss.stats import percent
from fokuss.terbilang import tanggal, tanggal_panjang
from members.models import Forum, KecamatanStaff, SecretaryTenure, User, Village
from members.selectors import board_signatory, forum_letterhead, forum_villages
from mentoring.models import MentoringPlan, Stage
from obligations.models import OPEN_STATES, Deadline
from obligations.selectors import ON_TIME, on_time_by_year, village_deadline_counts
from trainings.models import Attendance, Event
from trainings.selectors import attendance_rates, day_bounds, local_date, verification

from ..models import CapacityReport
from .periods import Period


@dataclass
class CapacityRow:
    village: Village
    tenure: SecretaryTenure | None
    due: int = 0
    on_time: int = 0
    overdue_open: int = 0
    attended: int = 0
    expected: int = 0  # hadir + alpa: izin and sakit do not count against the village
    grade: Grade | None = None
    previous_grade: Grade | None = None
    mentoring_active: int = 0
    levels: list[int | None] = field(default_factory=list)  # per competency, in framework order
    overdue: list = field(default_factory=list)  # open deadlines past their due date

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def attendance_rate(self) -> float | None:
        return percent(self.attended, self.expected)

    competencies: list = field(default_factory=list)

    @property
    def competency_levels(self) -> list[tuple[object, int | None]]:
        return list(zip(self.competencies, self.levels, strict=False))

    @property
    def grade_change(self) -> str:
        """"naik", "turun", "tetap" or "" (no grade at one of both ends)."""
        now, before = (self.grade.letter if self.grade else ""), (self.previous_grade.letter if self.previous_grade else "")
        if not now or not before:
            return ""
        return "tetap" if now == before else ("naik" if now < before else "turun")

    @property
    def status(self) -> str:
        """At a glance: "baik", "perhatian" (something open or slipping) or "kosong" (no secretary)."""
        if self.tenure is None:
            return "kosong"
        if self.overdue_open or (self.on_time_rate is not None and self.on_time_rate < 80):
            return "perhatian"
        return "baik"


@dataclass
class EventHeld:
    title: str
    kind: str
    day: datetime.date
    hadir: int
    expected: int  # hadir + alpa

    @property
    def rate(self) -> float | None:
        return percent(self.hadir, self.expected)


@dataclass
class CapacityFigures:
    """Everything the capacity report counts for one forum and one period; the page, the PDF and
    the XLSX all read this one object, so they always show the same numbers."""

    forum: Forum
    period: Period
    previous: Period
    as_of: datetime.date
    rows: list[CapacityRow]
    competencies: list
    tenure_counts: list[tuple[str, int]]
    events_by_kind: list[tuple[str, int]]
    events: list[EventHeld]
    grade_counts: list[tuple[str, int]]
    previous_grade_counts: list[tuple[str, int]]
    level_counts: list[tuple[Competency, list[int]]]  # (competency, [n at level 1..4])
    grade_rule: str
    needs: list
    stages: list[tuple[str, int]]  # active mentoring plans per stage
    closed_plans: list  # MentoringPlan closed in the period (baseline and final levels)
    years: list[int]
    yearly_rates: list[tuple[int, int, int]]  # (year, on time, due) since the first deadline
    obligation_rates: list[tuple[str, int, int]]  # (obligation, on time, due) in the period

    @property
    def due(self) -> int:
        return sum(r.due for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.on_time for r in self.rows)

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def overdue_open(self) -> int:
        return sum(r.overdue_open for r in self.rows)

    @property
    def attendance_rate(self) -> float | None:
        return percent(sum(r.attended for r in self.rows), sum(r.expected for r in self.rows))

    @property
    def vacant(self) -> int:
        return sum(1 for r in self.rows if r.tenure is None)

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def trainings_held(self) -> int:
        return sum(1 for e in self.events if e.kind == Event.Kind.PELATIHAN)

    @property
    def mentoring_active(self) -> int:
        return sum(n for _label, n in self.stages)

    @property
    def mentoring_closed(self) -> int:
        return len(self.closed_plans)

    @property
    def mentoring_improved(self) -> int:
        return sum(1 for p in self.closed_plans if p.baseline_level and p.final_level and p.final_level > p.baseline_level)

    @property
    def independent_share(self) -> float | None:
        """Share of serving secretaries with a grade whose competencies mostly sit at level 3 or higher (grade A)."""
        graded = sum(n for g, n in self.grade_counts if g != "-")
        return percent(dict(self.grade_counts).get("A", 0), graded)

    @property
    def grade_changes(self) -> list[tuple[str, int]]:
        counts: defaultdict[str, int] = defaultdict(int)
        for r in self.rows:
            counts[r.grade_change or "-"] += 1
        return [(str(label), counts[key]) for key, label in (("naik", _("naik")), ("tetap", _("tetap")),
                                                             ("turun", _("turun")), ("-", _("belum dapat dibandingkan")))]

    @property
    def overdue_items(self) -> list:
        return sorted((d for r in self.rows for d in r.overdue), key=lambda d: d.due_on)


def levels_as_of(person_ids: set[int], days: tuple[datetime.date, ...]) -> list[dict[tuple[int, str], int]]:
    """(person, competency code) -> latest validated level assessed on or before each day. One query."""
    result: list[dict[tuple[int, str], int]] = [{} for _d in days]
    for person_id, code, level, on in (
        Assessment.objects.filter(person_id__in=person_ids, status=Assessment.Status.VALIDATED, assessed_on__lte=max(days))
        .order_by(*LATEST_FIRST).values_list("person_id", "competency__code", "level", "assessed_on")
    ):
        for i, day in enumerate(days):
            if on <= day:
                result[i].setdefault((person_id, code), level)
    return result


def capacity_figures(*, forum, period: Period, today: datetime.date | None = None) -> CapacityFigures:
    """The capacity report's figures for one forum and one period, as of today for a running
    period. A fixed number of queries whatever the number of villages."""
    today = today or timezone.localdate()
    start, as_of = period.start, min(period.end, today)
    previous = period.previous()
    prev_end = previous.end
    cutoff = min(period.end + datetime.timedelta(days=1), today)  # deadlines count once their due date has passed
    villages = list(forum_villages(forum=forum))
    district_tenures = SecretaryTenure.objects.filter(village__district_id=forum.district_id)
    tenures = {t.village_id: t for t in district_tenures.held_on(as_of).select_related("user")}
    prev_people = dict(district_tenures.held_on(prev_end).values_list("village_id", "user_id"))
    rows = {v.pk: CapacityRow(village=v, tenure=tenures.get(v.pk)) for v in villages}

    for village_id, counts in village_deadline_counts(forum=forum, start=start, before=cutoff).items():
        if village_id in rows:
            row = rows[village_id]
            row.due, row.on_time, row.overdue_open = counts.due, counts.on_time, counts.overdue_open
    for d in (Deadline.objects.filter(forum=forum, due_on__lt=today, state__in=OPEN_STATES)
              .select_related("obligation").order_by("due_on", "pk")):
        if d.village_id in rows:
            d.village = rows[d.village_id].village
            rows[d.village_id].overdue.append(d)

    _people, by_village, _n = attendance_rates(forum=forum, start=start, end=as_of)
    for rate in by_village:
        if rate.key in rows:
            rows[rate.key].attended, rows[rate.key].expected = rate.hadir, rate.hadir + rate.alpa

    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    people = {t.user_id for t in tenures.values()}
    levels, prev_levels = levels_as_of(people | set(prev_people.values()), (as_of, prev_end))
    grade_counter: dict[str, int] = defaultdict(int)
    prev_counter: dict[str, int] = defaultdict(int)
    level_counter = [[0, 0, 0, 0] for _c in competencies]
    for row in rows.values():
        if row.tenure is not None:
            row.competencies = competencies
            row.levels = [levels.get((row.tenure.user_id, c.code)) for c in competencies]
            row.grade = grade_for(row.levels)
            grade_counter[row.grade.letter or "-"] += 1
            for i, level in enumerate(row.levels):
                if level:
                    level_counter[i][level - 1] += 1
        prev_user = prev_people.get(row.village.pk)
        if prev_user is not None:
            row.previous_grade = grade_for([prev_levels.get((prev_user, c.code)) for c in competencies])
            prev_counter[row.previous_grade.letter or "-"] += 1

    active_plans = MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.AKTIF, started_on__lte=as_of)
    active = dict(active_plans.filter(mentee_id__in=people).values_list("mentee_id").annotate(n=Count("pk")).order_by())
    for row in rows.values():
        if row.tenure is not None:
            row.mentoring_active = active.get(row.tenure.user_id, 0)
    by_stage = dict(active_plans.values_list("stage").annotate(n=Count("pk")).order_by())
    closed = list(MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.SELESAI,
                                               closed_on__gte=start, closed_on__lte=as_of)
                  .select_related("mentee", "competency").order_by("closed_on", "pk"))

    lo, hi = day_bounds(start, as_of)
    events = [
        EventHeld(title=e.title, kind=e.kind, day=local_date(e.starts_at), hadir=e.n_hadir,
                  expected=e.n_hadir + e.n_alpa)
        for e in Event.objects.filter(forum=forum, status__in=Event.TAKES_PLACE, starts_at__gte=lo, starts_at__lt=hi)
        .annotate(n_hadir=Count("attendances", filter=Q(attendances__status=Attendance.Status.HADIR)),
                   n_alpa=Count("attendances", filter=Q(attendances__status=Attendance.Status.ALPA)))
        .order_by("starts_at", "pk")
    ]
    kinds: dict[str, int] = defaultdict(int)
    for e in events:
        kinds[e.kind] += 1

    yearly = on_time_by_year(Deadline.objects.filter(forum=forum, due_on__lt=cutoff))
    obligation_rates = [
        (name, ob_on_time, ob_due) for name, ob_on_time, ob_due in (
            Deadline.objects.filter(forum=forum, due_on__gte=start, due_on__lt=cutoff)
            .values_list("obligation__name").annotate(n_on_time=Count("pk", filter=ON_TIME), n_due=Count("pk"))
            .order_by("obligation__order", "obligation__name"))
    ]

    statuses: dict[str, int] = defaultdict(int)
    for t in tenures.values():
        statuses[t.status] += 1
    first_year = forum.founded_on.year if forum.founded_on else min(yearly, default=period.year)
    return CapacityFigures(
        forum=forum, period=period, previous=previous, as_of=as_of, rows=list(rows.values()),
        competencies=competencies,
        tenure_counts=[(str(label), statuses[value]) for value, label in SecretaryTenure.Status.choices],
        events_by_kind=[(str(label), kinds.get(value, 0)) for value, label in Event.Kind.choices],
        events=events,
        grade_counts=[(g, grade_counter.get(g, 0)) for g in GRADES],
        previous_grade_counts=[(g, prev_counter.get(g, 0)) for g in GRADES],
        level_counts=list(zip(competencies, level_counter, strict=True)),
        grade_rule=grade_rule_text(),
        needs=[n for n in needs_ranked(competencies=competencies, person_ids=list(people), levels=levels) if n.gaps][:5],
        stages=[(str(label), by_stage.get(value, 0)) for value, label in Stage.choices],
        closed_plans=closed,
        years=list(range(first_year, period.year + 1)),
        yearly_rates=[(y, *yearly.get(y, (0, 0))) for y in range(first_year, period.year + 1)],
        obligation_rates=obligation_rates,
    )


GRADES = ("A", "B", "C", "-")





def capacity_charts(figures: CapacityFigures) -> dict[str, str]:
    """The four charts of the report (fokuss.charts SVG), the same on the page and in the PDF."""
    f = figures
    grade_label = {"A": "A", "B": "B", "C": "C", "-": _("Belum cukup data")}
    return {
        "on_time": charts.line_chart(
            title=_("Ketepatan waktu per tahun"),
            series=[Series(_("Tepat waktu"), [(str(y), percent(ok, due)) for y, ok, due in f.yearly_rates])]),
        "grades": charts.bar_chart(
            title=_("Sebaran grade: %(now)s dan %(before)s") % {"now": f.period.label, "before": f.previous.label},
            categories=[str(grade_label[g]) for g in GRADES],
            series=[Series(f.previous.label, [(str(grade_label[g]), n) for g, n in f.previous_grade_counts]),
                    Series(f.period.label, [(str(grade_label[g]), n) for g, n in f.grade_counts])]),
        "levels": charts.stacked_bar_chart(
            title=_("Tingkat kompetensi sekretaris desa"),
            categories=[c.name for c in f.competencies],
            stacks=[Series(_("Tingkat %(n)s") % {"n": i + 1}, [(c.name, counts[i]) for c, counts in f.level_counts])
                    for i in range(4)]),
        "stages": charts.stage_bars(title=_("Pendampingan aktif per tahap"), stages=f.stages),
    }


def capacity_xlsx(figures: CapacityFigures) -> bytes:
    """The report's figures as a workbook (embedded in the issued PDF, also offered for download)."""

    f = figures
    wb = Workbook()
    ws = wb.active
    ws.title = "Desa"
    ws.append(["No", "Desa", "Sekretaris desa", "Tenggat jatuh tempo", "Tepat waktu", "Tepat waktu (%)",
               "Lewat tempo belum selesai", "Hadir", "Diharapkan hadir", "Kehadiran (%)", "Grade", "Grade periode lalu",
               "Pendampingan aktif"])
    for i, r in enumerate(f.rows, start=1):
        ws.append([i, r.village.name, r.tenure.user.full_name if r.tenure else "", r.due, r.on_time, r.on_time_rate,
                   r.overdue_open, r.attended, r.expected, r.attendance_rate,
                   r.grade.letter if r.grade else "", r.previous_grade.letter if r.previous_grade else "",
                   r.mentoring_active])
    ws.append([])
    ws.append(["", "Jumlah", "", f.due, f.on_time, f.on_time_rate, f.overdue_open, "", "", f.attendance_rate])
    sheet = wb.create_sheet("Ringkasan")
    sheet.append(["Periode", f.period.key, str(f.period.label)])
    sheet.append(["Keadaan per", f.as_of.isoformat()])
    sheet.append(["Kegiatan", f.event_count])
    sheet.append(["Pendampingan aktif", f.mentoring_active])
    sheet.append(["Pendampingan selesai", f.mentoring_closed, "naik tingkat", f.mentoring_improved])
    sheet.append([])
    sheet.append(["Grade", str(f.period.label), str(f.previous.label)])
    for (g, n), (_g, m) in zip(f.grade_counts, f.previous_grade_counts, strict=True):
        sheet.append([g, n, m])
    sheet.append([])
    sheet.append(["Tahun", "Tepat waktu", "Jatuh tempo", "%"])
    for y, ok, due in f.yearly_rates:
        sheet.append([y, ok, due, percent(ok, due)])
    comp = wb.create_sheet("Kompetensi")
    comp.append(["Kompetensi", "Tingkat 1", "Tingkat 2", "Tingkat 3", "Tingkat 4"])
    for c, counts in f.level_counts:
        comp.append([c.name, *counts])
    events = wb.create_sheet("Kegiatan")
    events.append(["Tanggal", "Kegiatan", "Hadir", "Diharapkan", "%"])
    for e in f.events:
        events.append([e.day.isoformat(), e.title, e.hadir, e.expected, e.rate])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def camat_signatory(*, forum, day: datetime.date) -> User | None:
    """The camat in office on the day (for "Mengetahui, Camat ...")."""
    post = (KecamatanStaff.objects.held_on(day).filter(district_id=forum.district_id,
                                                       position=KecamatanStaff.Position.CAMAT)
            .select_related("user").order_by("-started_on").first())
    return post.user if post else None


def capacity_document_context(*, figures: CapacityFigures, report, today: datetime.date, document=None) -> dict:
    """What pdf/reports/kapasitas.html needs: letterhead, figures, charts, narrative, signatures
    and (once issued) the number and the QR code to the public verification page."""
    forum = figures.forum
    day = document.issued_on if document else today
    return {
        **forum_letterhead(forum=forum), "report": figures, "narrative": report, "charts": capacity_charts(figures),
        "keadaan": tanggal_panjang(figures.as_of), "tanggal_surat": tanggal(day),
        "ketua": board_signatory(forum=forum, position="ketua", today=day),
        "camat": camat_signatory(forum=forum, day=day),
        "document": document, "draft": document is None,
        **verification(document),
    }


def capacity_page_figures(*, forum, period: Period, today: datetime.date) -> tuple[CapacityFigures, dict[str, str]]:
    """The figures and charts of the report page. The same for everyone in the forum, so cached
    under the forum's data version (fokuss/cache.py): after a write, the first reader computes them
    and the forum's other readers, whose own pages are rendered afresh, reuse them."""
    def compute() -> tuple[CapacityFigures, dict[str, str]]:
        figures = capacity_figures(forum=forum, period=period, today=today)
        return figures, capacity_charts(figures)

    return forum_cached(forum.pk, "capacity-page-figures", [period.key, today], compute)


def capacity_report_row(*, forum, period: Period):
    """The board's narrative and issue state for the period (None before anything was written)."""
    return CapacityReport.objects.filter(forum=forum, period_key=period.key).select_related("document", "issued_by").first()
