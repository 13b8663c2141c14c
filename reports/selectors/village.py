"""The village profile: the secretary and the tenure history, the competency levels of the
village's secretary across assessment rounds, the trainings attended, mentoring, and the deadline
record (on-time rate per year, open and overdue items). The page and the PDF read one object.

The history stays with the village: an assessment and an attendance carry the village the person
served at the time, so the round-by-round levels are those of whoever was the secretary then.
"Current" levels, mentoring and the grade are those of the serving secretary."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.models import Assessment, AssessmentRound, Competency, Framework
from competency.selectors import LATEST_FIRST, Grade, PersonRef, forum_rounds, grade_for, grade_rule_text
from fokuss import charts
from fokuss.cache import PEOPLE, forum_cached, forum_version
from fokuss.charts import Series
from fokuss.stats import percent
from members.models import FacilitatorAssignment, Forum, SecretaryTenure, User, Village
from members.selectors import forum_letterhead, village_facilitators, village_tenures
from mentoring.models import MentoringPlan
from obligations.models import OPEN_STATES, Deadline, DeadlineState
from obligations.selectors import on_time_by_year
from trainings.models import Attendance, Event
from trainings.selectors import EVIDENCE_KINDS, local_date

TABLE_ROUNDS = 4  # rounds shown as columns of the level table (the chart shows every round)
GROUP_ORDER = [value for value, _label in Competency.Group.choices]


@dataclass
class CompetencyRow:
    competency: Competency
    levels: list[int | None]  # per round in VillageProfile.table_rounds
    current: int | None  # the serving secretary's latest validated level

    @property
    def change(self) -> int | None:
        """Latest round against the first round with a level (None with fewer than two)."""
        known = [lvl for lvl in self.levels if lvl is not None]
        return known[-1] - known[0] if len(known) >= 2 else None


@dataclass
class RoundSummary:
    round: AssessmentRound
    person: str  # who was assessed for the village in this round ("" when nobody)
    averages: dict[str, float | None]  # competency group -> average validated level
    mean: float | None  # average over every competency assessed


@dataclass
class TrainingAttended:
    title: str
    kind: str
    kind_label: str
    day: datetime.date
    hours: float
    person: str
    status: str
    status_label: str


@dataclass
class YearRate:
    year: int
    on_time: int
    due: int

    @property
    def rate(self) -> float | None:
        return percent(self.on_time, self.due)


@dataclass
class VillageProfile:
    """Everything the village page and its PDF show; ``private`` is False for a reader who sees
    only the public part (the secretary, the tenure history, the pendamping)."""

    village: Village
    forum: Forum | None
    today: datetime.date
    tenures: list[SecretaryTenure]  # newest first
    facilitators: list[FacilitatorAssignment]
    private: bool = False
    competencies: list[Competency] = field(default_factory=list)
    rounds: list[RoundSummary] = field(default_factory=list)  # oldest first, every round of the forum
    table_rounds: list[AssessmentRound] = field(default_factory=list)  # the last TABLE_ROUNDS rounds
    levels: list[CompetencyRow] = field(default_factory=list)
    grade: Grade | None = None
    grade_rule: str = ""
    trainings: list[TrainingAttended] = field(default_factory=list)
    plans: list[MentoringPlan] = field(default_factory=list)
    years: list[YearRate] = field(default_factory=list)
    overdue: list[Deadline] = field(default_factory=list)
    open_items: list[Deadline] = field(default_factory=list)

    @property
    def tenure(self) -> SecretaryTenure | None:
        """The serving secretary's tenure (open and started by today)."""
        return next((t for t in self.tenures if t.is_open and t.started_on <= self.today), None)

    @property
    def secretary(self) -> User | None:
        return self.tenure.user if self.tenure else None

    @property
    def person_ref(self) -> PersonRef | None:
        """The serving secretary's competency data, for the policy (``competency.view_person``)."""
        if self.secretary is None or self.forum is None:
            return None
        return PersonRef(forum_id=self.forum.pk, person_id=self.secretary.pk, village_id=self.village.pk)

    @property
    def due(self) -> int:
        return sum(y.due for y in self.years)

    @property
    def on_time(self) -> int:
        return sum(y.on_time for y in self.years)

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def attended(self) -> int:
        return sum(1 for t in self.trainings if t.status == Attendance.Status.HADIR)

    @property
    def training_hours(self) -> float:
        return sum(t.hours for t in self.trainings if t.status == Attendance.Status.HADIR)

    @property
    def active_plans(self) -> int:
        return sum(1 for p in self.plans if p.status == MentoringPlan.Status.AKTIF)


def _levels_by_round(village: Village, forum: Forum, round_ids: list[int]):
    """(round, code) -> latest validated level of the village's secretary of that round, and
    round -> the person assessed. One query."""
    levels: dict[tuple[int, str], int] = {}
    groups: dict[tuple[int, str], str] = {}
    people: dict[int, str] = {}
    for round_id, code, group, level, name in (
        Assessment.objects.filter(village=village, forum=forum, status=Assessment.Status.VALIDATED,
                                  round_id__in=round_ids)
        .order_by(*LATEST_FIRST)
        .values_list("round_id", "competency__code", "competency__group", "level", "person__full_name")
    ):
        if (round_id, code) not in levels:
            levels[round_id, code] = level
            groups[round_id, code] = group
        people.setdefault(round_id, name)
    return levels, groups, people


def _current_levels(person_id: int | None, forum: Forum) -> dict[str, int]:
    if person_id is None:
        return {}
    current: dict[str, int] = {}
    for code, level in (Assessment.objects.filter(person_id=person_id, forum=forum, status=Assessment.Status.VALIDATED)
                        .order_by(*LATEST_FIRST).values_list("competency__code", "level")):
        current.setdefault(code, level)
    return current


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def village_profile(*, village: Village, private: bool, today: datetime.date | None = None) -> VillageProfile:
    """The village's profile as of ``today``. The public part costs 2 queries; with ``private``
    (competency, trainings, mentoring, deadlines) 10 more, whatever the number of rounds,
    trainings, plans or deadlines."""
    today = today or timezone.localdate()
    forum = village.district.forum if village.forum_id else None
    profile = VillageProfile(village=village, forum=forum, today=today, tenures=village_tenures(village=village),
                             facilitators=village_facilitators(village=village, today=today), private=private)
    if not private or forum is None:  # a village of a kecamatan without a forum has no forum records
        profile.private = False
        return profile
    secretary_id = profile.secretary.pk if profile.secretary else None

    # Competency: every round of the forum (oldest first), levels of the village's secretary then
    rounds = list(reversed(forum_rounds(forum=forum)))
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    levels, groups, people = _levels_by_round(village, forum, [r.pk for r in rounds])
    current = _current_levels(secretary_id, forum)
    for r in rounds:
        by_group: dict[str, list[int]] = defaultdict(list)
        every: list[int] = []
        for (round_id, code), level in levels.items():
            if round_id == r.pk:
                by_group[groups[round_id, code]].append(level)
                every.append(level)
        profile.rounds.append(RoundSummary(round=r, person=people.get(r.pk, ""),
                                           averages={g: _mean(by_group[g]) for g in GROUP_ORDER}, mean=_mean(every)))
    profile.competencies = competencies
    profile.table_rounds = rounds[-TABLE_ROUNDS:]
    profile.levels = [CompetencyRow(competency=c, levels=[levels.get((r.pk, c.code)) for r in profile.table_rounds],
                                    current=current.get(c.code)) for c in competencies]
    profile.grade = grade_for([row.current for row in profile.levels]) if secretary_id else None
    profile.grade_rule = grade_rule_text()

    # Trainings attended by the village's secretaries (the attendance keeps the village of the day)
    kinds, statuses = dict(Event.Kind.choices), dict(Attendance.Status.choices)
    profile.trainings = [
        TrainingAttended(title=title, kind=kind, kind_label=str(kinds.get(kind, kind)), day=local_date(starts_at),
                         hours=float(hours or 0), person=name, status=status,
                         status_label=str(statuses.get(status, status)))
        for title, kind, starts_at, hours, name, status in (
            Attendance.objects.filter(village=village, event__forum=forum, event__kind__in=EVIDENCE_KINDS)
            .exclude(event__status=Event.Status.CANCELLED)
            .order_by("-event__starts_at", "event_id")
            .values_list("event__title", "event__kind", "event__starts_at", "event__hours", "person__full_name",
                         "status"))
    ]

    # Mentoring: plans where the serving secretary is the mentee or the mentor
    if secretary_id:
        profile.plans = list(
            MentoringPlan.objects.filter(forum=forum).filter(Q(mentee_id=secretary_id) | Q(mentor_id=secretary_id))
            .select_related("mentee", "mentor", "competency").order_by("status", "-started_on", "pk"))

    # Deadlines: on-time rate per year (deadlines whose due date has passed), overdue and open items
    yearly = on_time_by_year(Deadline.objects.filter(village=village, due_on__lt=today))
    first = forum.founded_on.year if forum.founded_on else min(yearly, default=today.year)
    first = min([first, *yearly])
    profile.years = [YearRate(y, *yearly.get(y, (0, 0))) for y in range(first, today.year + 1)]
    for d in (Deadline.objects.filter(village=village).exclude(state=DeadlineState.TERVERIFIKASI)
              .select_related("obligation").order_by("due_on", "obligation__order", "pk")):
        d.village = village
        if d.state in OPEN_STATES and d.due_on < today:
            profile.overdue.append(d)
        else:
            profile.open_items.append(d)
    return profile


def village_charts(profile: VillageProfile) -> dict[str, str]:
    """The profile's two charts (fokuss.charts SVG), the same on the page and in the PDF."""
    group_labels = dict(Competency.Group.choices)
    present = [g for g in GROUP_ORDER if any(r.averages.get(g) is not None for r in profile.rounds)]
    return {
        "levels": charts.line_chart(
            title=_("Rata-rata tingkat kompetensi per putaran penilaian"),
            series=[Series(str(group_labels[g]), [(r.round.name, r.averages.get(g)) for r in profile.rounds])
                    for g in present] or [Series(_("Rata-rata"), [(r.round.name, None) for r in profile.rounds])],
            y_max=4, unit=""),
        "on_time": charts.line_chart(
            title=_("Ketepatan waktu per tahun"),
            series=[Series(_("Tepat waktu"), [(str(y.year), y.rate) for y in profile.years])]),
    }


def village_document_context(*, profile: VillageProfile) -> dict:
    """What pdf/reports/profil_desa.html needs: the forum's letterhead, the profile, its charts."""
    from fokuss.terbilang import tanggal, tanggal_panjang

    context = {"p": profile, "charts": village_charts(profile), "keadaan": tanggal_panjang(profile.today),
               "tanggal_surat": tanggal(profile.today)}
    if profile.forum is not None:
        context.update(forum_letterhead(forum=profile.forum))
    return context


def village_page_data(*, village: Village, private: bool, today: datetime.date) -> tuple[VillageProfile, dict | None]:
    """The village page's profile and charts. The same for everyone who may see that much, so
    cached under the data version of the village's forum and of who holds which post (tenures,
    pendamping): after a write, the first reader computes them and the others reuse them."""
    def compute() -> tuple[VillageProfile, dict | None]:
        data = village_profile(village=village, private=private, today=today)
        return data, (village_charts(data) if data.private else None)

    if village.forum_id is None:
        return compute()
    return forum_cached(village.forum_id, "village-page-data", [village.pk, private, today, forum_version(PEOPLE)],
                        compute)
