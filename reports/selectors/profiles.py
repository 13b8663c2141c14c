"""The person profile: a person's competency trend across rounds with the evidence behind it,
the trainings attended and the mentoring plans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from competency.models import Assessment, AssessmentRound, Framework
from competency.selectors import LATEST_FIRST, CompetencyTrend, Grade, TrendPoint, forum_rounds, grade_for
from fokuss import charts
from fokuss.charts import Series
from members.models import SecretaryTenure, User, Village
from mentoring.models import MentoringPlan
from trainings.selectors import trainings_attended


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


def person_profile(*, forum, person_id: int, viewer_id: int | None = None) -> Profile:
    """A person's competency trend per competency across rounds with the evidence behind it, the
    trainings attended and the mentoring plans. A forum's board sees only the evidence from its own
    forum's activities (assessments, trainings, mentoring); the person (``viewer_id == person_id``)
    sees all of their own, whichever forum it came from. Seven queries (plus those of
    trainings_attended)."""
    own = viewer_id is not None and viewer_id == person_id
    in_forum = {} if own else {"forum": forum}
    person = User.objects.get(pk=person_id)
    tenure = (SecretaryTenure.objects.filter(user_id=person_id, village__district_id=forum.district_id)
              .select_related("village").order_by(F("ended_on").desc(nulls_first=True), "-started_on").first())
    rounds = list(reversed(forum_rounds(forum=forum)))
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    assessments = list(
        Assessment.objects.filter(person_id=person_id, **in_forum)
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
    trainings = trainings_attended(person_ids=[person_id], forum=None if own else forum)
    plans = list(MentoringPlan.objects.filter(mentee_id=person_id, **in_forum)
                 .select_related("mentor", "competency").order_by("-started_on"))
    return Profile(person=person, village=tenure.village if tenure else None, tenure=tenure, rounds=rounds,
                   trends=trends, assessments=assessments, grade=grade_for([t.current for t in trends]),
                   trainings=trainings.get(person_id, []), plans=plans)



def short_code(code: str) -> str:
    """The part after the last dash ("KOMP-TIK" -> "TIK"): what fits under a bar on a phone."""
    return code.rsplit("-", 1)[-1]


def profile_chart(profile: Profile, *, rounds: int = 3) -> SafeString | None:
    """The person's validated level (1-4) per competency in the last ``rounds`` rounds that have
    any, as grouped bars (one hatching per round); None when no round has a level. No query."""
    shown = [i for i in range(len(profile.rounds))
             if any(t.points[i].level is not None for t in profile.trends)][-rounds:]
    if not shown:
        return None
    codes = [short_code(t.competency.code) for t in profile.trends]
    return charts.bar_chart(
        title=_("Tingkat kompetensi per putaran penilaian"), categories=codes, y_max=4,
        series=[Series(profile.rounds[i].name, [(code, t.points[i].level) for code, t in zip(codes, profile.trends, strict=True)])
                for i in shown])
