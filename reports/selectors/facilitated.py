""""Desa dampingan saya": the villages a pendamping is assigned to today, each with its status at a
glance (the secretary or a vacancy, open and overdue deadlines, the secretary's competency levels
and grade, active mentoring). Reads members, obligations, competency and mentoring: a reports page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.models import Framework
from competency.selectors import Grade, current_levels, grade_for
from fokuss.exports import Table
from members.models import FacilitatorAssignment, SecretaryTenure, Village
from mentoring.models import MentoringPlan
from obligations.models import OPEN_STATES, Deadline


@dataclass
class FacilitatedVillage:
    village: Village
    assignment: FacilitatorAssignment
    tenure: SecretaryTenure | None = None
    open_deadlines: int = 0  # not yet sent or sent back, whatever the due date
    overdue: int = 0  # of those, past their due date
    next_due: datetime.date | None = None  # the next open deadline from today on
    levels: list[int | None] = field(default_factory=list)  # per competency of the current framework
    grade: Grade | None = None
    plans: list[MentoringPlan] = field(default_factory=list)  # active mentoring plans

    @property
    def assessed(self) -> int:
        return sum(1 for level in self.levels if level is not None)

    @property
    def average_level(self) -> float | None:
        known = [level for level in self.levels if level is not None]
        return round(sum(known) / len(known), 1) if known else None

    @property
    def level_counts(self) -> list[tuple[int, int]]:
        """(level, how many competencies at that level), levels 1 to 4."""
        return [(n, sum(1 for level in self.levels if level == n)) for n in (1, 2, 3, 4)]

    @property
    def status(self) -> str:
        """At a glance: "kosong" (no secretary), "perhatian" (something overdue) or "baik"."""
        if self.tenure is None:
            return "kosong"
        return "perhatian" if self.overdue else "baik"


def facilitated_villages(*, forum, user_id: int, today: datetime.date | None = None) -> list[FacilitatorAssignment]:
    """The pendamping's assignments held today on villages of the forum, one per village, by
    village name. One query."""
    today = today or timezone.localdate()
    seen: dict[int, FacilitatorAssignment] = {}
    for a in (FacilitatorAssignment.objects.held_on(today)
              .filter(user_id=user_id, village__district_id=forum.district_id)
              .select_related("village").order_by("village__name", "started_on", "pk")):
        seen.setdefault(a.village_id, a)
    return list(seen.values())


def facilitated_status(*, forum, user_id: int, today: datetime.date | None = None) -> list[FacilitatedVillage]:
    """Each village assigned to the pendamping today with its status at a glance. At most seven
    queries whatever the number of villages (assignments, secretaries, deadlines, framework, its
    competencies, levels, mentoring plans); one when the pendamping has no village here."""
    today = today or timezone.localdate()
    rows = {a.village_id: FacilitatedVillage(village=a.village, assignment=a)
            for a in facilitated_villages(forum=forum, user_id=user_id, today=today)}
    if not rows:
        return []
    ids = set(rows)
    for tenure in SecretaryTenure.objects.held_on(today).filter(village_id__in=ids).select_related("user"):
        rows[tenure.village_id].tenure = tenure
    for village_id, n_open, n_overdue, next_due in (
        Deadline.objects.filter(forum=forum, village_id__in=ids, state__in=OPEN_STATES).values_list("village_id")
        .annotate(n_open=Count("pk"), n_overdue=Count("pk", filter=Q(due_on__lt=today)), next_due=Min("due_on", filter=Q(due_on__gte=today)))
        .order_by()
    ):
        row = rows[village_id]
        row.open_deadlines, row.overdue, row.next_due = n_open, n_overdue, next_due

    framework = Framework.current(forum=forum)
    competencies = list(framework.competencies.all()) if framework else []
    serving = {r.tenure.user_id: r for r in rows.values() if r.tenure is not None}
    levels = current_levels(person_ids=serving) if serving and competencies else {}
    for user_id, row in serving.items():
        row.levels = [levels.get((user_id, c.code)) for c in competencies]
        row.grade = grade_for(row.levels)

    for plan in (MentoringPlan.objects.filter(forum=forum, status=MentoringPlan.Status.AKTIF)
                 .filter(Q(village_id__in=ids) | Q(mentee_id__in=list(serving)))
                 .select_related("mentee", "mentor", "competency").order_by("started_on", "pk")):
        # the plan's village when it is one of these, else the village where the mentee serves now
        target = rows.get(plan.village_id) if plan.village_id in rows else serving.get(plan.mentee_id)
        if target is not None:
            target.plans.append(plan)
    return list(rows.values())


def facilitated_summary(rows: list[FacilitatedVillage]) -> dict[str, int]:
    """The counts above the cards and on the dashboard panel."""
    return {"villages": len(rows), "overdue": sum(1 for r in rows if r.overdue),
            "vacant": sum(1 for r in rows if r.tenure is None), "mentoring": sum(len(r.plans) for r in rows)}


def facilitated_table(rows: list[FacilitatedVillage]) -> Table:
    """"Desa dampingan saya" as an export table (fokuss.exports): what the page shows."""
    return Table(
        headers=[_("Desa"), _("Kode desa"), _("Sekretaris desa"), _("Status jabatan"), _("Tenggat terbuka"),
                 _("Lewat tempo"), _("Tenggat berikutnya"), _("Grade"), _("Rata-rata tingkat"),
                 _("Kompetensi dinilai"), _("Pendampingan aktif"), _("Didampingi sejak")],
        rows=[[r.village.name, r.village.code, r.tenure.user.full_name if r.tenure else "",
               r.tenure.get_status_display() if r.tenure else _("Kosong"), r.open_deadlines, r.overdue,
               r.next_due or "", r.grade.letter if r.grade else "",
               "" if r.average_level is None else r.average_level,
               _("%(n)d dari %(total)d") % {"n": r.assessed, "total": len(r.levels)} if r.levels else "", len(r.plans), r.assignment.started_on]
              for r in rows],
    )
