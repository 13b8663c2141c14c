"""Reads for competency. Each function runs a fixed number of queries, whatever the number of
villages, people or rounds."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss import policy
from fokuss.cache import forum_cached
from fokuss.exports import Table
from fokuss.policy import Actor
from members.models import SecretaryTenure, User, Village

from .models import Assessment, AssessmentRound, Competency, Framework, Level, SelfAssessmentDraft

LATEST_FIRST = ("-assessed_on", "-validated_at", "-pk")

# Grade rule (explained on screen): share of the framework's competencies at level >= 3.
GRADE_A_MORE_THAN = Fraction(1, 2)
GRADE_B_AT_LEAST = Fraction(1, 3)


def _latest_validated_level(*, person_ref, competency_code: str):
    return Subquery(
        Assessment.objects.filter(
            person_id=person_ref, competency__code=competency_code, status=Assessment.Status.VALIDATED
        ).order_by(*LATEST_FIRST).values("level")[:1]
    )


def serving_tenures(*, forum, day: datetime.date | None = None, village_ids: set[int] | None = None):
    """Tenures of the secretaries serving in the forum's villages on ``day`` (today by default)."""
    qs = SecretaryTenure.objects.held_on(day or timezone.localdate()).filter(village__district_id=forum.district_id)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    return qs


def people_with_gap(*, forum, competency_code: str, max_level: int = 2) -> list[int]:
    """User ids of the forum's serving secretaries whose current level (latest validated
    assessment) in the competency ``competency_code`` is <= ``max_level``. Secretaries never
    assessed in that competency are not included (their level is unknown). One query."""
    rows = (
        serving_tenures(forum=forum)
        .annotate(level=_latest_validated_level(person_ref=OuterRef("user_id"), competency_code=competency_code))
        .filter(level__isnull=False, level__lte=max_level)
        .order_by("village__name")
        .values_list("user_id", flat=True)
    )
    return list(dict.fromkeys(rows))


def current_levels(*, person_ids, round_id: int | None = None) -> dict[tuple[int, str], int]:
    """(person_id, competency code) -> latest validated level (within one round when given).
    One query."""
    qs = Assessment.objects.filter(person_id__in=list(person_ids), status=Assessment.Status.VALIDATED)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    levels: dict[tuple[int, str], int] = {}
    for person_id, code, level in qs.order_by(*LATEST_FIRST).values_list("person_id", "competency__code", "level"):
        levels.setdefault((person_id, code), level)
    return levels


# Grade -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grade:
    letter: str  # "A", "B", "C" or "" (not enough data)
    independent: int  # competencies at level >= 3
    assessed: int
    total: int

    @property
    def explanation(self) -> str:
        if not self.letter:
            return _("Belum cukup data: baru %(n)s dari %(total)s kompetensi yang dinilai dan divalidasi.") % {
                "n": self.assessed, "total": self.total}
        return _("%(n)s dari %(total)s kompetensi pada tingkat 3 (mampu mandiri) atau 4.") % {
            "n": self.independent, "total": self.total}


def grade_rule_text() -> str:
    return _("Grade A: lebih dari separuh kompetensi pada tingkat 3 (mampu mandiri) atau lebih. "
             "Grade B: paling sedikit sepertiga kompetensi pada tingkat 3 atau lebih. Grade C: kurang dari itu. "
             "Tingkat yang dipakai adalah penilaian tervalidasi terakhir; grade baru dihitung bila paling sedikit "
             "separuh kompetensi sudah dinilai.")


def grade_for(levels: list[int | None]) -> Grade:
    total = len(levels)
    known = [lvl for lvl in levels if lvl is not None]
    independent = sum(1 for lvl in known if lvl >= Level.MANDIRI)
    if total == 0 or len(known) * 2 < total:
        return Grade("", independent, len(known), total)
    share = Fraction(independent, total)
    letter = "A" if share > GRADE_A_MORE_THAN else "B" if share >= GRADE_B_AT_LEAST else "C"
    return Grade(letter, independent, len(known), total)


# Rounds ------------------------------------------------------------------------------------

def forum_rounds(*, forum) -> list[AssessmentRound]:
    return list(AssessmentRound.objects.filter(forum=forum).select_related("framework").order_by("-starts_on", "-pk"))


def current_round(*, forum, rounds: list[AssessmentRound] | None = None) -> AssessmentRound | None:
    rounds = forum_rounds(forum=forum) if rounds is None else rounds
    return rounds[0] if rounds else None


def framework_competencies(*, framework: Framework | None) -> list[Competency]:
    if framework is None:
        return []
    return list(framework.competencies.prefetch_related("descriptors"))


@dataclass
class SelfAssessmentState:
    """What the self-assessment page shows of a person's answers in a round so far."""

    competencies: list[Competency]
    levels: dict[str, int]  # competency code -> level chosen (draft)
    notes: dict[str, str]
    saved_at: datetime.datetime | None  # when the draft was last saved; None: no draft
    sent_on: datetime.date | None  # the last time a self-assessment of this round was sent

    @property
    def answered(self) -> int:
        return sum(1 for c in self.competencies if c.code in self.levels)

    @property
    def total(self) -> int:
        return len(self.competencies)

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def missing(self) -> list[tuple[int, Competency]]:
        """(step number, competency) of the competencies without a level yet."""
        return [(i, c) for i, c in enumerate(self.competencies, start=1) if c.code not in self.levels]

    @property
    def next_step(self) -> int:
        return self.missing[0][0] if self.missing else 1


def self_assessment_state(*, round: AssessmentRound, person,
                          competencies: list[Competency] | None = None) -> SelfAssessmentState:
    """The round's competencies (with their level descriptors; given when already read), the
    person's draft and the last self-assessment sent in the round. Four queries (two with
    ``competencies``)."""
    if competencies is None:
        competencies = framework_competencies(framework=round.framework)
    draft = SelfAssessmentDraft.objects.filter(round=round, person=person).first()
    sent_on = (Assessment.objects.filter(round=round, person=person, method=Assessment.Method.SELF)
               .order_by("-assessed_on").values_list("assessed_on", flat=True).first())
    codes = {c.code for c in competencies}
    levels = {k: int(v) for k, v in (draft.levels if draft else {}).items() if k in codes}
    return SelfAssessmentState(competencies=competencies, levels=levels, notes=dict(draft.notes) if draft else {},
                               saved_at=draft.updated_at if draft else None, sent_on=sent_on)


# Heatmap -----------------------------------------------------------------------------------

@dataclass
class HeatRow:
    village: Village
    person: User
    cells: list[int | None]
    pending: int
    grade: Grade


@dataclass
class HeatColumn:
    competency: Competency
    counts: dict[int, int] = field(default_factory=dict)  # level -> number of secretaries
    unknown: int = 0

    @property
    def gaps(self) -> int:
        return self.counts.get(1, 0) + self.counts.get(2, 0)


@dataclass
class Heatmap:
    round: AssessmentRound | None
    rounds: list[AssessmentRound]
    columns: list[HeatColumn]
    rows: list[HeatRow]
    sort: str
    desc: bool


def heatmap_cached(*, forum, round_id: int | None, village_ids: set[int] | None, sort: str, desc: bool,
                   day: datetime.date) -> Heatmap:
    """heatmap under the forum's data version (fokuss/cache.py); the key holds every argument (the
    villages the viewer may see among them), so two viewers share an entry only if they see the same."""
    villages = "all" if village_ids is None else ",".join(str(v) for v in sorted(village_ids))
    return forum_cached(forum.pk, "competency-heatmap", [round_id, villages, sort, desc, day], lambda: heatmap(
        forum=forum, round_id=round_id, village_ids=village_ids, sort=sort, desc=desc, day=day))


def heatmap(*, forum, round_id: int | None = None, village_ids: set[int] | None = None, sort: str = "village",
            desc: bool = False, day: datetime.date | None = None) -> Heatmap:
    """Villages x competencies for one round (the latest by default): the latest validated level
    of the secretary serving on ``day`` (today by default) in that round. Five queries."""
    rounds = forum_rounds(forum=forum)
    chosen = next((r for r in rounds if r.pk == round_id), None) if round_id else current_round(forum=forum,
                                                                                                 rounds=rounds)
    competencies = list(chosen.framework.competencies.all()) if chosen else []
    tenures = list(serving_tenures(forum=forum, day=day, village_ids=village_ids).select_related("village", "user"))
    person_ids = [t.user_id for t in tenures]
    levels = current_levels(person_ids=person_ids, round_id=chosen.pk) if chosen else {}
    pending: dict[int, int] = defaultdict(int)
    if chosen:
        for person_id in Assessment.objects.filter(round=chosen, person_id__in=person_ids,
                                                   status=Assessment.Status.SUBMITTED).values_list("person_id",
                                                                                                   flat=True):
            pending[person_id] += 1
    columns = [HeatColumn(competency=c) for c in competencies]
    rows = []
    for t in tenures:
        cells = [levels.get((t.user_id, c.code)) for c in competencies]
        for col, level in zip(columns, cells, strict=True):
            if level is None:
                col.unknown += 1
            else:
                col.counts[level] = col.counts.get(level, 0) + 1
        rows.append(HeatRow(village=t.village, person=t.user, cells=cells, pending=pending[t.user_id],
                            grade=grade_for(cells)))
    codes = [c.code for c in competencies]
    if sort in codes:
        index = codes.index(sort)
        rows.sort(key=lambda r: (r.cells[index] is None, (-(r.cells[index] or 0) if desc else (r.cells[index] or 0)),
                                 r.village.name))
    elif sort == "grade":
        rows.sort(key=lambda r: ((r.grade.letter or "Z"), -r.grade.independent, r.village.name), reverse=desc)
    else:
        sort = "village"
        rows.sort(key=lambda r: r.village.name, reverse=desc)
    return Heatmap(round=chosen, rounds=rounds, columns=columns, rows=rows, sort=sort, desc=desc)


# One person ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonRef:
    """What the policy needs to decide on someone's personal competency data."""

    forum_id: int
    person_id: int
    village_id: int | None


def person_ref(*, forum, person_id: int) -> PersonRef | None:
    """The person's current (or last) village in the forum; None if they never served there
    (one query)."""
    tenure = (
        SecretaryTenure.objects.filter(user_id=person_id, village__district_id=forum.district_id)
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on").values_list("village_id", flat=True).first()
    )
    if tenure is None:
        return None
    return PersonRef(forum_id=forum.pk, person_id=person_id, village_id=tenure)


# Fetch-and-check (views call these; the policy decides, the object comes back or 404 / 403) ---

def person_for(actor: Actor, action: str, *, forum, person_id: int) -> PersonRef:
    """Someone's competency data in the forum, if the actor may do ``action`` on it: 404 when they
    never served as secretary in the forum (or the forum is not the actor's), 403 when the actor's
    role may not."""
    ref = person_ref(forum=forum, person_id=person_id)
    if ref is None:
        raise Http404
    policy.require(actor, action, ref)
    return ref


@dataclass(frozen=True)
class Assessee:
    """A secretary serving on a day, with the assessment methods the actor may use for her."""

    tenure: SecretaryTenure
    methods: list[str]
    can_validate: bool

    @property
    def person(self) -> User:
        return self.tenure.user


ASSESS_METHODS = (Assessment.Method.BOARD, Assessment.Method.PEER, Assessment.Method.PENDAMPING)


def assessee_for(actor: Actor, *, forum, person_id: int, day: datetime.date) -> Assessee:
    """The secretary serving in the forum on ``day`` whom the actor may assess (by at least one
    method: rules ``competency.assess_<method>``); 404 when she does not serve on that day."""
    ref = person_for(actor, "competency.assess", forum=forum, person_id=person_id)
    tenure = (serving_tenures(forum=forum, day=day).filter(user_id=person_id, village_id=ref.village_id)
              .select_related("user", "village").first())
    if tenure is None:
        raise Http404
    return Assessee(tenure=tenure,
                    methods=[m for m in ASSESS_METHODS if policy.can(actor, f"competency.assess_{m}", ref)],
                    can_validate=policy.can(actor, "competency.validate", ref))


def self_assessor_for(actor: Actor, *, forum, user, day: datetime.date) -> SecretaryTenure:
    """The user's own tenure serving in the forum on ``day``, if they may assess themselves there;
    404 when they serve in no village of the forum."""
    tenure = serving_tenures(forum=forum, day=day).filter(user_id=user.pk).select_related("village").first()
    if tenure is None:
        raise Http404
    policy.require(actor, "competency.self_assess",
                   PersonRef(forum_id=forum.pk, person_id=user.pk, village_id=tenure.village_id))
    return tenure


def assessment_for(actor: Actor, pk: int, action: str = "competency.view_person") -> Assessment:
    return policy.fetch(actor, action, Assessment.objects.all(), pk=pk)


def framework_for(actor: Actor, pk: int, action: str = "competency.manage") -> Framework:
    """A forum's own framework version (the shared standard belongs to no forum: 404)."""
    return policy.fetch(actor, action, Framework.objects.all(), pk=pk)


def competency_for(actor: Actor, pk: int, action: str = "competency.manage") -> Competency:
    """A competency of a forum's own framework version (not of the shared standard: 404)."""
    return policy.fetch(actor, action, Competency.objects.select_related("framework"), pk=pk)


@dataclass
class TrendPoint:
    round: AssessmentRound
    level: int | None


@dataclass
class CompetencyTrend:
    competency: Competency
    points: list[TrendPoint]
    current: int | None
    pending: list[Assessment]

    @property
    def change(self) -> int | None:
        known = [p.level for p in self.points if p.level is not None]
        return known[-1] - known[0] if len(known) >= 2 else None


# Training needs ----------------------------------------------------------------------------

@dataclass
class Need:
    competency: Competency
    level1: int
    level2: int
    assessed: int

    @property
    def gaps(self) -> int:
        return self.level1 + self.level2


def training_needs(*, forum, day: datetime.date | None = None) -> list[Need]:
    """Competencies of the current framework ranked by how many secretaries serving on ``day``
    (today by default) sit at level <= 2 (current level). Three queries."""
    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    person_ids = list(serving_tenures(forum=forum, day=day).values_list("user_id", flat=True))
    return needs_ranked(competencies=competencies, person_ids=person_ids,
                        levels=current_levels(person_ids=person_ids))


def needs_ranked(*, competencies: list[Competency], person_ids: list[int],
                 levels: dict[tuple[int, str], int]) -> list[Need]:
    """The ranking of training_needs from data already read (no query)."""
    needs = []
    for c in competencies:
        found = [levels.get((p, c.code)) for p in person_ids]
        needs.append(Need(competency=c, level1=found.count(1), level2=found.count(2),
                          assessed=sum(1 for lvl in found if lvl is not None)))
    return sorted(needs, key=lambda n: (-n.gaps, -n.level1, n.competency.position))


# Validation queue --------------------------------------------------------------------------

def pending_by_person(*, forum, village_ids: set[int] | None = None) -> list[tuple[User, list[Assessment]]]:
    qs = (Assessment.objects.filter(forum=forum, status=Assessment.Status.SUBMITTED)
          .select_related("person", "competency", "assessor", "round", "village").order_by("person__full_name",
                                                                                         "competency__position"))
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    grouped: dict[int, tuple[User, list[Assessment]]] = {}
    for a in qs:
        grouped.setdefault(a.person_id, (a.person, []))[1].append(a)
    return list(grouped.values())


def person_pending(*, forum, person_id: int) -> list[Assessment]:
    return list(Assessment.objects.filter(forum=forum, person_id=person_id, status=Assessment.Status.SUBMITTED)
                .select_related("person", "competency", "assessor", "round").order_by("competency__position", "pk"))


def person(*, person_id: int) -> User:
    return User.objects.get(pk=person_id)


# Framework page ----------------------------------------------------------------------------

@dataclass
class FrameworkPage:
    framework: Framework | None  # the version shown
    current: Framework | None
    draft: Framework | None
    competencies: list[Competency]
    versions: list[Framework]
    rounds: list[AssessmentRound]


def framework_page(*, forum, show_draft: bool) -> FrameworkPage:
    """The forum's current version (or its draft when asked), its competencies, versions and
    rounds."""
    current = Framework.current(forum=forum)
    draft = Framework.objects.filter(forum=forum, published_at__isnull=True).order_by("-version").first()
    shown = draft if (draft and show_draft) else current
    return FrameworkPage(framework=shown, current=current, draft=draft,
                         competencies=framework_competencies(framework=shown),
                         versions=list(Framework.visible_to(forum=forum)), rounds=forum_rounds(forum=forum))


# Exports (fokuss.exports): the page's own data as a table -----------------------------------

def heatmap_table(data: Heatmap) -> Table:
    headers = [_("Desa"), _("Kode desa"), _("Sekretaris desa")]
    headers += [f"{c.competency.code} {c.competency.name}" for c in data.columns]
    headers += [_("Grade"), _("Menunggu validasi")]
    rows = [[r.village.name, r.village.code, r.person.full_name, *r.cells, r.grade.letter, r.pending]
            for r in data.rows]
    return Table(headers=headers, rows=rows)


def training_needs_table(needs: list[Need]) -> Table:
    return Table(
        headers=[_("Kode"), _("Kompetensi"), _("Tingkat 1"), _("Tingkat 2"), _("Jumlah tingkat 2 ke bawah"),
                 _("Sudah dinilai")],
        rows=[[n.competency.code, n.competency.name, n.level1, n.level2, n.gaps, n.assessed] for n in needs],
    )
