"""Reads for mentoring, each with a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q
from django.utils.translation import gettext as _

from actions.models import ActionItem
from competency.models import Competency, Framework, Level
from competency.selectors import current_levels, serving_tenures
from members.models import BoardPosition, FacilitatorAssignment, User, Village

from .models import MentoringPlan, MentoringSession, MentorKind, StageChange, SuggestionDecision

SUGGESTIONS_PER_GAP = 3
BASE_SCORE = {MentorKind.PEER: 30, MentorKind.PENDAMPING: 20, MentorKind.BOARD: 10}
SAME_PAIR_SUCCESS = 15
COMPETENCY_SUCCESS = 10
NEARBY = 5
PER_ACTIVE_MENTEE = 3


@dataclass
class Suggestion:
    mentor: User
    kind: str
    score: int
    load: int
    reasons: list[str]

    @property
    def kind_label(self) -> str:
        return MentorKind(self.kind).label


@dataclass
class Gap:
    mentee: User
    village: Village
    competency: Competency
    level: int
    suggestions: list[Suggestion] = field(default_factory=list)
    full: int = 0  # eligible mentors left out because they reached the load cap


def _open_on(today):
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def mentor_suggestions(*, forum, today: datetime.date, competency_code: str = "") -> list[Gap]:
    """For every serving secretary at level <= 2 in a competency of the current framework (and no
    active plan for it), up to three mentors ranked by score: level-4 peers first, then the
    assigned pendamping, then board members; previously successful pairs and nearby villages
    (sharing a pendamping) score higher, every active mentee lowers the score; mentors at the
    forum's load cap are left out; rejected pairs are not offered again. Ties: fewer active
    mentees, then name. Eight queries."""
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    if competency_code:
        competencies = [c for c in competencies if c.code == competency_code]
    tenures = list(serving_tenures(forum=forum).select_related("village", "user"))
    village_of = {t.user_id: t.village for t in tenures}
    people = {t.user_id: t.user for t in tenures}
    levels = current_levels(person_ids=list(people))
    plans = list(MentoringPlan.objects.filter(forum=forum).exclude(status=MentoringPlan.Status.DIHENTIKAN)
                 .values_list("mentee_id", "mentor_id", "competency__code", "status", "baseline_level",
                              "final_level"))
    active_pairs = {(mentee, code) for mentee, _m, code, status, _b, _f in plans if status == "aktif"}
    load: dict[int, set[int]] = defaultdict(set)
    success_pair: set[tuple[int, int]] = set()
    success_code: set[tuple[int, str]] = set()
    for mentee, mentor, code, status, before, after in plans:
        if status == "aktif":
            load[mentor].add(mentee)
        elif after is not None and (before is None or after > before):
            success_pair.add((mentor, mentee))
            success_code.add((mentor, code))
    board = {b.user_id: b for b in BoardPosition.objects.filter(forum=forum, period_start__lte=today,
                                                                period_end__gte=today).select_related("user")}
    facilitators: dict[int, list[User]] = defaultdict(list)  # village -> pendamping
    facilitator_villages: dict[int, set[int]] = defaultdict(set)  # village -> pendamping ids
    for fa in FacilitatorAssignment.objects.filter(_open_on(today), village__district_id=forum.district_id) \
            .select_related("user"):
        facilitators[fa.village_id].append(fa.user)
        facilitator_villages[fa.village_id].add(fa.user_id)
    rejected = set(SuggestionDecision.objects.filter(forum=forum).values_list("mentee_id", "mentor_id",
                                                                                "competency_code"))
    cap = forum.mentor_load_cap
    gaps: list[Gap] = []
    for c in competencies:
        experts = [p for p in people if levels.get((p, c.code)) == Level.MENDAMPINGI]
        for mentee_id, mentee in people.items():
            level = levels.get((mentee_id, c.code))
            if level is None or level > Level.DENGAN_BIMBINGAN or (mentee_id, c.code) in active_pairs:
                continue
            village = village_of[mentee_id]
            candidates: dict[int, Suggestion] = {}

            def offer(user: User, kind: str, reason: str, *, village=village, candidates=candidates,
                      mentee_id=mentee_id, code=c.code):
                if user.pk == mentee_id or (mentee_id, user.pk, code) in rejected:
                    return
                found = candidates.get(user.pk)
                if found is None:
                    candidates[user.pk] = Suggestion(mentor=user, kind=kind, score=BASE_SCORE[kind],
                                                     load=len(load[user.pk]), reasons=[reason])
                else:
                    found.reasons.append(reason)

            for expert_id in experts:
                offer(people[expert_id], MentorKind.PEER,
                      _("Tingkat 4 (mampu mendampingi) di %(code)s") % {"code": c.code})
            for user in facilitators.get(village.pk, []):
                offer(user, MentorKind.PENDAMPING, _("Pendamping desa yang ditugaskan di %(v)s") % {"v": village.name})
            for post in board.values():
                offer(post.user, MentorKind.BOARD, _("Pengurus forum (%(post)s)") % {"post": post.get_position_display()})
            ranked = []
            full = 0
            for s in candidates.values():
                if s.load >= cap:
                    full += 1
                    continue
                mentor_id = s.mentor.pk
                if (mentor_id, mentee_id) in success_pair:
                    s.score += SAME_PAIR_SUCCESS
                    s.reasons.append(_("Pernah berhasil mendampingi %(name)s") % {"name": mentee.full_name})
                elif (mentor_id, c.code) in success_code:
                    s.score += COMPETENCY_SUCCESS
                    s.reasons.append(_("Pernah berhasil mendampingi kompetensi ini"))
                mentor_village = village_of.get(mentor_id)
                if (s.kind != MentorKind.PENDAMPING and mentor_village is not None
                        and facilitator_villages.get(mentor_village.pk, set()) & facilitator_villages.get(village.pk,
                                                                                                          set())):
                    s.score += NEARBY
                    s.reasons.append(_("Desa berdekatan (satu wilayah pendamping): %(v)s") % {"v": mentor_village.name})
                s.score -= PER_ACTIVE_MENTEE * s.load
                s.reasons.append(_("Beban: %(n)s dari %(cap)s mentee aktif") % {"n": s.load, "cap": cap})
                ranked.append(s)
            ranked.sort(key=lambda s: (-s.score, s.load, s.mentor.full_name, s.mentor.pk))
            gaps.append(Gap(mentee=mentee, village=village, competency=c, level=level,
                            suggestions=ranked[:SUGGESTIONS_PER_GAP], full=full))
    gaps.sort(key=lambda g: (g.level, g.competency.position, g.village.name))
    return gaps


# Plans -----------------------------------------------------------------------------------

def _plans():
    return MentoringPlan.objects.select_related("mentee", "mentor", "competency", "village").annotate(
        last_session=Max("sessions__held_on"))


def visible_plans(*, actor, forum, status: str = "") -> list[MentoringPlan]:
    """Plans the actor may see: all of the forum for the board and the camat office; otherwise the
    plans where they are mentee or mentor, or of the villages they accompany (pendamping)."""
    qs = _plans().filter(forum=forum)
    if not actor.overseer_of(forum.pk):
        villages = [v for v, f in actor.facilitated_villages.items() if f == forum.pk]
        qs = qs.filter(Q(mentee_id=actor.user_id) | Q(mentor_id=actor.user_id) | Q(village_id__in=villages))
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("status", "-started_on", "pk"))


def plan_for_view(*, pk: int) -> MentoringPlan:
    return _plans().select_related("forum", "final_assessment").get(pk=pk)


@dataclass
class PlanDetail:
    plan: MentoringPlan
    stage_changes: list[StageChange]
    sessions: list[MentoringSession]
    action_items: list[ActionItem]
    group_candidates: list[MentoringPlan]


def plan_detail(*, plan: MentoringPlan) -> PlanDetail:
    from django.contrib.contenttypes.models import ContentType

    sessions = list(plan.sessions.select_related("logged_by").prefetch_related(
        Prefetch("plans", queryset=MentoringPlan.objects.select_related("mentee"))).order_by("-held_on", "-pk"))
    ct = ContentType.objects.get_for_model(MentoringSession)
    items = list(ActionItem.objects.filter(source_type=ct, source_id__in=[s.pk for s in sessions])
                 .select_related("owner").order_by("done_at", "due_on", "pk"))
    others = list(MentoringPlan.objects.filter(mentor_id=plan.mentor_id, status=MentoringPlan.Status.AKTIF,
                                               forum_id=plan.forum_id).exclude(pk=plan.pk)
                  .select_related("mentee", "competency"))
    return PlanDetail(plan=plan, stage_changes=list(plan.stage_changes.select_related("changed_by")),
                      sessions=sessions, action_items=items, group_candidates=others)


@dataclass
class Effect:
    closed: list[MentoringPlan]
    improved: int
    average_gain: float | None


def mentoring_effect(*, forum) -> Effect:
    """Before/after levels of the plans closed as finished (one query)."""
    closed = list(MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.SELESAI)
                  .select_related("mentee", "mentor", "competency").order_by("-closed_on"))
    gains = [p.final_level - p.baseline_level for p in closed if p.final_level and p.baseline_level]
    return Effect(closed=closed, improved=sum(1 for g in gains if g > 0),
                  average_gain=(sum(gains) / len(gains)) if gains else None)


def plan_is_stalled(plan: MentoringPlan, *, today: datetime.date, days: int) -> bool:
    """The one stalled rule (list, dashboard, reminders): no session for ``days`` days, counted
    from the start while there is none. ``plan.last_session`` is annotated by the plan queries."""
    return (today - (plan.last_session or plan.started_on)).days >= days
