"""Reads for mentoring, each with a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from actions.models import ActionItem
from competency.models import Competency, Framework, Level
from competency.selectors import current_levels, serving_tenures
from fokuss import policy
from fokuss.policy import Actor
from members.models import BoardPosition, FacilitatorAssignment, User, Village
from members.selectors import forum_people

from .models import MentoringPlan, MentoringSession, MentorKind, StageChange, SuggestionDecision

# Mentors are serving secretaries (level 4 in the competency), board members or pendamping.
MENTOR_ROLES = ("sekdes", "board", "pendamping")
SUGGESTIONS_PER_GAP = 3
BASE_SCORE: dict[str, int] = {MentorKind.PEER: 30, MentorKind.PENDAMPING: 20, MentorKind.BOARD: 10}
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
        return str(MentorKind(self.kind).label)


@dataclass
class Gap:
    mentee: User
    village: Village
    competency: Competency
    level: int
    suggestions: list[Suggestion] = field(default_factory=list)
    full: int = 0  # eligible mentors left out because they reached the load cap


def mentor_suggestions(*, forum, today: datetime.date, competency_code: str = "") -> list[Gap]:
    """For every secretary serving on ``today`` at level <= 2 in a competency of the current framework (and no
    active plan for it), up to three mentors ranked by score: level-4 peers first, then the
    assigned pendamping, then board members; previously successful pairs and nearby villages
    (sharing a pendamping) score higher, every active mentee lowers the score; mentors at the
    forum's load cap are left out; rejected pairs are not offered again. Ties: fewer active
    mentees, then name. Eight queries."""
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    if competency_code:
        competencies = [c for c in competencies if c.code == competency_code]
    tenures = list(serving_tenures(forum=forum, day=today).select_related("village", "user"))
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
    board = {b.user_id: b for b in BoardPosition.objects.held_on(today).filter(forum=forum).select_related("user")}
    facilitators: dict[int, list[User]] = defaultdict(list)  # village -> pendamping
    facilitator_villages: dict[int, set[int]] = defaultdict(set)  # village -> pendamping ids
    for fa in FacilitatorAssignment.objects.held_on(today).filter(village__district_id=forum.district_id) \
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


def visible_plans(*, actor: Actor, forum, status: str = "") -> list[MentoringPlan]:
    """Plans the actor may see: all of the forum for the board and the camat office; otherwise the
    plans where they are mentee or mentor, or of the villages they accompany (pendamping)."""
    qs = _plans().filter(forum=forum)
    if not policy.can(actor, "mentoring.view", forum):
        villages = [v for v, f in actor.facilitated_villages.items() if f == forum.pk]
        qs = qs.filter(Q(mentee_id=actor.user_id) | Q(mentor_id=actor.user_id) | Q(village_id__in=villages))
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("status", "-started_on", "pk"))


def plan_list(*, actor: Actor, forum, status: str, today: datetime.date) -> list[MentoringPlan]:
    """The plans page: visible plans, each marked ``stalled`` by the one stalled rule."""
    plans = visible_plans(actor=actor, forum=forum, status=status)
    for plan in plans:
        stalled = plan.status == MentoringPlan.Status.AKTIF and plan_is_stalled(
            plan, today=today, days=forum.stalled_mentoring_days)
        plan.stalled = stalled  # type: ignore[attr-defined]
    return plans


# Fetch-and-check (views call these; the policy decides) ------------------------------------

def plan_for(actor: Actor, pk: int, action: str = "mentoring.view_plan") -> MentoringPlan:
    return policy.fetch(actor, action, _plans().select_related("forum", "final_assessment"), pk=pk)


def _one(queryset: QuerySet, pk):
    """The row with that primary key, or 404 (a malformed or overflowing id too). One query; a pair
    calls it for the mentee, the mentor and the competency: three different lookups, not a loop,
    hence filter().first() rather than get() (which the N+1 check counts per call site)."""
    try:
        found = queryset.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Pair:
    mentee: User
    mentor: User
    competency: Competency


def pair_for(actor: Actor, *, forum, mentee_id, mentor_id, competency_id, day: datetime.date,
             action: str = "mentoring.manage") -> Pair:
    """A suggested pair to accept or reject, if the actor may manage the forum's mentoring: the
    mentee serves as secretary in the forum on ``day`` and the mentor holds a post there (else
    404); the competency is one of the forum's current framework."""
    policy.require(actor, action, forum)
    framework = Framework.current(forum=forum)
    return Pair(
        mentee=_one(forum_people(forum=forum, day=day, roles=("sekdes",)), mentee_id),
        mentor=_one(forum_people(forum=forum, day=day, roles=MENTOR_ROLES), mentor_id),
        competency=_one(framework.competencies.all() if framework else Competency.objects.none(), competency_id),
    )


@dataclass
class PlanChoices:
    mentees: QuerySet[User]
    mentors: QuerySet[User]
    competencies: QuerySet[Competency]


def plan_choices(*, forum, day: datetime.date) -> PlanChoices:
    """Who may be picked on the plan form on ``day``: the serving secretaries as mentees; them, the
    board and the pendamping of the forum as mentors (the service checks eligibility)."""
    framework = Framework.current(forum=forum)
    return PlanChoices(mentees=forum_people(forum=forum, day=day, roles=("sekdes",)),
                       mentors=forum_people(forum=forum, day=day, roles=MENTOR_ROLES),
                       competencies=framework.competencies.all() if framework else Competency.objects.none())


def group_plans(*, plan: MentoringPlan) -> QuerySet[MentoringPlan]:
    """The mentor's other active plans in the forum (a session may cover them as a group)."""
    return (MentoringPlan.objects.filter(mentor_id=plan.mentor_id, forum_id=plan.forum_id,
                                         status=MentoringPlan.Status.AKTIF).exclude(pk=plan.pk)
            .select_related("mentee", "competency"))


@dataclass
class SuggestionPage:
    gaps: list[Gap]  # shown
    code: str  # the competency shown ("semua": every one)
    total: int
    competencies: list[Competency]


def suggestion_page(*, forum, today: datetime.date, code: str = "", mentee_id: int | None = None) -> SuggestionPage:
    """Mentor suggestions one competency at a time (by default the one with most gaps), or every
    one for one mentee."""
    framework = Framework.current(forum=forum)
    gaps = mentor_suggestions(forum=forum, today=today)
    if mentee_id is not None:
        gaps = [g for g in gaps if g.mentee.pk == mentee_id]
        code = code or "semua"
    if not code and gaps:
        counts = Counter(g.competency.code for g in gaps)
        position = {g.competency.code: g.competency.position for g in gaps}
        code = max(counts, key=lambda c: (counts[c], -position[c]))
    shown = gaps if code == "semua" else [g for g in gaps if g.competency.code == code]
    return SuggestionPage(gaps=shown, code=code, total=len(gaps),
                          competencies=list(framework.competencies.all()) if framework else [])


@dataclass
class PlanDetail:
    plan: MentoringPlan
    stage_changes: list[StageChange]
    sessions: list[MentoringSession]
    action_items: list[ActionItem]
    group_candidates: list[MentoringPlan]


def plan_detail(*, plan: MentoringPlan) -> PlanDetail:
    sessions = list(plan.sessions.select_related("logged_by").prefetch_related(
        Prefetch("plans", queryset=MentoringPlan.objects.select_related("mentee"))).order_by("-held_on", "-pk"))
    ct = ContentType.objects.get_for_model(MentoringSession)
    items = list(ActionItem.objects.filter(source_type=ct, source_id__in=[s.pk for s in sessions])
                 .select_related("owner").order_by("done_at", "due_on", "pk"))
    others = list(group_plans(plan=plan))
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
    return (today - (plan.last_session or plan.started_on)).days >= days  # type: ignore[attr-defined]
