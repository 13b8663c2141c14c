"""Read-side composition above the domain apps: the capacity report and the person profile.

This is the top floor: it may read every app (members, obligations, competency, trainings,
mentoring); no app reads it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F
from django.utils import timezone

from competency.models import Assessment, AssessmentRound, Framework
from competency.selectors import (
    LATEST_FIRST,
    CompetencyTrend,
    Grade,
    TrendPoint,
    current_levels,
    forum_rounds,
    grade_for,
    grade_rule_text,
    needs_ranked,
)
from fokuss.stats import percent
from members.models import SecretaryTenure, User, Village
from members.selectors import forum_villages
from mentoring.models import MentoringPlan
from obligations.selectors import village_deadline_counts
from trainings.models import Event
from trainings.selectors import attendance_rates, trainings_attended

# Person profile -----------------------------------------------------------------------------------

@dataclass
class Profile:
    person: User
    village: Village | None
    tenure: SecretaryTenure | None
    rounds: list[AssessmentRound]  # oldest first
    trends: list[CompetencyTrend]
    assessments: list[Assessment]
    grade: Grade
    trainings: list
    plans: list


def person_profile(*, forum, person_id: int) -> Profile:
    """A person's competency trend per competency across rounds with the evidence behind it, the
    trainings attended and the mentoring plans. Seven queries (plus those of trainings_attended)."""
    person = User.objects.get(pk=person_id)
    tenure = (SecretaryTenure.objects.filter(user_id=person_id, village__district_id=forum.district_id)
              .select_related("village").order_by(F("ended_on").desc(nulls_first=True), "-started_on").first())
    rounds = list(reversed(forum_rounds(forum=forum)))
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    assessments = list(
        Assessment.objects.filter(forum=forum, person_id=person_id)
        .select_related("competency", "assessor", "validated_by", "round").order_by(*LATEST_FIRST)
    )
    by_round: dict[tuple[int, str], int] = {}
    current: dict[str, int] = {}
    pending: dict[str, list[Assessment]] = defaultdict(list)
    for a in assessments:  # latest first
        code = a.competency.code
        if a.status == Assessment.Status.VALIDATED:
            by_round.setdefault((a.round_id, code), a.level)
            current.setdefault(code, a.level)
        elif a.status == Assessment.Status.SUBMITTED:
            pending[code].append(a)
    trends = [
        CompetencyTrend(competency=c, points=[TrendPoint(r, by_round.get((r.pk, c.code))) for r in rounds],
                        current=current.get(c.code), pending=pending.get(c.code, []))
        for c in competencies
    ]
    trainings = trainings_attended(person_ids=[person_id])
    plans = list(MentoringPlan.objects.filter(forum=forum, mentee_id=person_id)
                 .select_related("mentor", "competency").order_by("-started_on"))
    return Profile(person=person, village=tenure.village if tenure else None, tenure=tenure, rounds=rounds,
                   trends=trends, assessments=assessments, grade=grade_for([t.current for t in trends]),
                   trainings=trainings.get(person_id, []), plans=plans)


# Capacity report ----------------------------------------------------------------------------------

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
    mentoring_active: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def attendance_rate(self) -> float | None:
        return percent(self.attended, self.expected)


@dataclass
class CapacityReport:
    """The forum's yearly picture for the camat office: per village the secretary, deadlines kept,
    attendance, grade and mentoring; for the forum the events held, grade distribution, training
    needs and the effect of mentoring."""

    forum: object
    year: int
    as_of: datetime.date
    rows: list[CapacityRow]
    tenure_counts: list[tuple[str, int]]
    events_by_kind: list[tuple[str, int]]
    grade_counts: list[tuple[str, int]]
    grade_rule: str
    needs: list
    mentoring_active: int
    mentoring_closed: int
    mentoring_improved: int

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
    def events(self) -> int:
        return sum(n for _label, n in self.events_by_kind)


def capacity_report(*, forum, year: int, today: datetime.date | None = None) -> CapacityReport:
    """Capacity report of one forum for one calendar year, as of today for the current year.
    A fixed number of queries (11) whatever the number of villages."""
    today = today or timezone.localdate()
    start = datetime.date(year, 1, 1)
    end = as_of = min(datetime.date(year, 12, 31), today)
    cutoff = min(datetime.date(year + 1, 1, 1), today)  # deadlines count once their due date has passed
    villages = list(forum_villages(forum=forum))
    tenures = {t.village_id: t for t in SecretaryTenure.objects.open().filter(village__district_id=forum.district_id)
               .select_related("user")}
    rows = {v.pk: CapacityRow(village=v, tenure=tenures.get(v.pk)) for v in villages}

    for village_id, counts in village_deadline_counts(forum=forum, start=start, before=cutoff).items():
        if village_id in rows:
            row = rows[village_id]
            row.due, row.on_time, row.overdue_open = counts.due, counts.on_time, counts.overdue_open

    _people, by_village, _events = attendance_rates(forum=forum, start=start, end=end)
    for rate in by_village:
        if rate.key in rows:
            rows[rate.key].attended, rows[rate.key].expected = rate.hadir, rate.hadir + rate.alpa

    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    people = [t.user_id for t in tenures.values()]
    levels = current_levels(person_ids=people)
    grade_counter: dict[str, int] = defaultdict(int)
    for row in rows.values():
        if row.tenure is not None:
            row.grade = grade_for([levels.get((row.tenure.user_id, c.code)) for c in competencies])
            grade_counter[row.grade.letter or "-"] += 1

    active = dict(MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.AKTIF, mentee_id__in=people)
                  .values_list("mentee_id").annotate(n=Count("pk")).order_by())
    for row in rows.values():
        if row.tenure is not None:
            row.mentoring_active = active.get(row.tenure.user_id, 0)
    closed = list(MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.SELESAI,
                                               closed_on__gte=start, closed_on__lte=end)
                  .values_list("baseline_level", "final_level"))

    tz = timezone.get_current_timezone()
    kinds = dict(Event.objects.filter(
        forum=forum, status=Event.Status.PUBLISHED,
        starts_at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        starts_at__lt=datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    ).values_list("kind").annotate(n=Count("pk")).order_by())
    statuses: dict[str, int] = defaultdict(int)
    for t in tenures.values():
        statuses[t.status] += 1
    return CapacityReport(
        forum=forum, year=year, as_of=as_of, rows=list(rows.values()),
        tenure_counts=[(str(label), statuses[value]) for value, label in SecretaryTenure.Status.choices],
        events_by_kind=[(str(label), kinds.get(value, 0)) for value, label in Event.Kind.choices],
        grade_counts=[(g, grade_counter.get(g, 0)) for g in ("A", "B", "C", "-")],
        grade_rule=grade_rule_text(),
        needs=[n for n in needs_ranked(competencies=competencies, person_ids=people, levels=levels) if n.gaps][:5],
        mentoring_active=sum(active.values()),
        mentoring_closed=len(closed),
        mentoring_improved=sum(1 for before, after in closed if before and after and after > before),
    )
