"""Reads for the obligation calendar. Each runs a fixed number of queries whatever the number of
villages or deadlines."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss import policy
from fokuss.cache import forum_cached
from fokuss.dates import add_months
from fokuss.exports import Table
from members.models import SecretaryTenure, User, Village
from members.selectors import forum_villages

from .models import (
    OPEN_STATES,
    STATUS_LABELS,
    Deadline,
    DeadlineState,
    Obligation,
    Submission,
    TermEvent,
    derived_status,
)

# A deadline kept on time: completed on or before its due date. The one definition every figure uses.
ON_TIME = Q(completed_on__isnull=False, completed_on__lte=F("due_on"))


def on_time_by_year(deadlines) -> dict[int, tuple[int, int]]:
    """{year: (on time, due)} of the given deadlines (a Deadline queryset, already filtered by
    place and date). One query."""
    return {year: (on_time, due) for year, on_time, due in (
        deadlines.values_list("year").annotate(n_on_time=Count("pk", filter=ON_TIME), n_due=Count("pk"))
        .order_by("year"))}


STATUS_ORDER = ["terlambat", "ditolak", "belum", "dikirim", "terverifikasi"]
STATUS_COLOURS = {"terlambat": "danger", "ditolak": "warning", "belum": "secondary", "dikirim": "info",
                  "terverifikasi": "success"}


def _urgency():
    """Open deadlines first (overdue, then rejected, then by due date), then the rest."""
    return Case(
        When(state__in=OPEN_STATES, then=Value(0)), When(state=DeadlineState.DIKIRIM, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )


def visible_village_ids(*, actor, forum) -> set[int] | None:
    """None means every village of the forum (board, camat office, admin)."""

    return policy.private_village_ids(actor, forum_id=forum.pk)


def my_deadlines(*, actor, forum, today: datetime.date | None = None, done_days: int = 60,
                 ahead_days: int = 120) -> list[Deadline]:
    """Deadlines of the villages where the actor is the secretary or the pendamping: every open
    one already due, those due in the next ``ahead_days``, by urgency; verified ones of the last
    ``done_days``. One query."""
    today = today or timezone.localdate()
    own = {v for v, f in actor.own_villages.items() if f == forum.pk}
    own |= {v for v, f in actor.facilitated_villages.items() if f == forum.pk}
    if not own:
        return []
    qs = (
        Deadline.objects.filter(village_id__in=own, forum=forum, due_on__lte=today + datetime.timedelta(days=ahead_days))
        .exclude(state=DeadlineState.TERVERIFIKASI, due_on__lt=today - datetime.timedelta(days=done_days))
        .select_related("obligation", "village")
        .annotate(urgency=_urgency())
        .order_by("urgency", "due_on", "obligation__order", "village__name")
    )
    return _with_status(list(qs), today)


OLD_AFTER_DAYS = 365  # overdue for longer than this: grouped apart and collapsed on "Tenggat saya"


@dataclass
class VillageDeadlines:
    """One village's part of "Tenggat saya": the deadlines to act on or recently done, and those
    overdue for more than a year (shown collapsed)."""

    village: Village
    items: list[Deadline] = field(default_factory=list)
    old: list[Deadline] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items) + len(self.old)

    @property
    def overdue(self) -> int:
        return len([d for d in self.items + self.old if getattr(d, "current", "") == "terlambat"])

    @property
    def rejected(self) -> int:
        return len([d for d in self.items if getattr(d, "current", "") == "ditolak"])

    @property
    def due_soon(self) -> int:
        """Open and due in the next 30 days."""
        return len([d for d in self.items if getattr(d, "current", "") == "belum" and getattr(d, "days_left", 0) <= 30])


def deadlines_by_village(items: list[Deadline]) -> list[VillageDeadlines]:
    """``my_deadlines`` rows (in their order) per village, villages by name; no query."""
    groups: dict[int, VillageDeadlines] = {}
    for d in items:
        group = groups.setdefault(d.village_id, VillageDeadlines(village=d.village))
        old = d.current == "terlambat" and d.days_late > OLD_AFTER_DAYS  # type: ignore[attr-defined]
        (group.old if old else group.items).append(d)
    return sorted(groups.values(), key=lambda g: g.village.name)


def _with_status(deadlines: list[Deadline], today: datetime.date) -> list[Deadline]:
    """Set what the pages show of each deadline on ``today``: ``current`` (derived status),
    ``days_left`` and ``days_late``."""
    for d in deadlines:
        d.current = d.status_on(today)  # type: ignore[attr-defined]
        d.days_left = (d.due_on - today).days  # type: ignore[attr-defined]
        d.days_late = -d.days_left  # type: ignore[attr-defined]
    return deadlines


def deadline_for(actor: policy.Actor, pk: int, action: str = "deadline.view") -> Deadline:
    """The deadline with its submissions if the actor may do ``action`` on it (else 404 / 403)."""
    return policy.fetch(actor, action, Deadline.objects.select_related("obligation", "village", "forum", "term_event")
                        .prefetch_related(Prefetch("submissions", queryset=Submission.objects.select_related(
                            "submitted_by", "verified_by"))), pk=pk)


def submission_for(actor: policy.Actor, pk: int, action: str = "deadline.view") -> Submission:
    """A submission if the actor may do ``action`` on its deadline (else 404 / 403)."""
    return policy.fetch(actor, action, Submission.objects.select_related("deadline__obligation", "deadline__village"),
                        pk=pk)


def obligation_for(actor: policy.Actor, pk: int, action: str = "obligation.manage") -> Obligation:
    return policy.fetch(actor, action, Obligation, pk=pk)


def secretary_of(*, village_id: int, day: datetime.date | None = None):
    day = day or timezone.localdate()
    tenure = SecretaryTenure.objects.held_on(day).filter(village_id=village_id).select_related("user").first()
    return tenure.user if tenure else None


# Forum matrix -----------------------------------------------------------------------------------

@dataclass
class MatrixCell:
    items: list[dict] = field(default_factory=list)

    @property
    def worst(self) -> str:
        statuses = [i["status"] for i in self.items]
        for s in STATUS_ORDER:
            if s in statuses:
                return s
        return ""

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i["status"] == "terverifikasi")


@dataclass
class Matrix:
    year: int
    obligations: list[Obligation]
    rows: list[tuple[Village, list[MatrixCell]]]
    totals: dict[str, int]


def forum_matrix(*, forum, year: int, today: datetime.date | None = None) -> Matrix:
    """Villages x obligations for the deadlines due in ``year``; each cell holds its deadlines'
    derived statuses. Three queries."""
    today = today or timezone.localdate()
    villages = list(forum_villages(forum=forum))
    obligations = list(Obligation.objects.filter(forum=forum).order_by("order", "code"))
    cells: dict[tuple[int, int], MatrixCell] = defaultdict(MatrixCell)
    totals = {s: 0 for s in STATUS_ORDER}
    for pk, village_id, obligation_id, period, due_on, state in (
        Deadline.objects.filter(forum=forum, year=year).order_by("due_on")
        .values_list("pk", "village_id", "obligation_id", "period", "due_on", "state")
    ):
        status = derived_status(state=state, due_on=due_on, today=today)
        totals[status] += 1
        cells[(village_id, obligation_id)].items.append(
            {"pk": pk, "period": period, "due_on": due_on, "status": status, "label": STATUS_LABELS[status]})
    used = [o for o in obligations if any((v.pk, o.pk) in cells for v in villages)]
    rows = [(v, [cells.get((v.pk, o.pk), MatrixCell()) for o in used]) for v in villages]
    return Matrix(year=year, obligations=used, rows=rows, totals=totals)


def forum_matrix_cached(*, forum, year: int, today: datetime.date) -> Matrix:
    """forum_matrix under the forum's data version (fokuss/cache.py): no query while nothing changed."""
    return forum_cached(forum.pk, "obligations-matrix", [year, today],
                        lambda: forum_matrix(forum=forum, year=year, today=today))


# Who has not submitted ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodSummary:
    obligation_id: int
    obligation_name: str
    code: str
    period: str
    due_on: datetime.date
    total: int
    open: int
    submitted: int
    verified: int

    @property
    def percent(self) -> int:
        return round(100 * self.verified / self.total) if self.total else 0


def period_summaries(*, forum, start: datetime.date, end: datetime.date) -> list[PeriodSummary]:
    """Per obligation and period due between start and end: how many villages are open, handed
    in, verified. One query."""
    rows = (
        Deadline.objects.filter(forum=forum, due_on__gte=start, due_on__lte=end)
        .values("obligation_id", "obligation__name", "obligation__code", "period", "due_on")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            submitted=Count("pk", filter=Q(state=DeadlineState.DIKIRIM)),
            verified=Count("pk", filter=Q(state=DeadlineState.TERVERIFIKASI)),
        )
        .order_by("due_on", "obligation__order")
    )
    return [
        PeriodSummary(obligation_id=r["obligation_id"], obligation_name=r["obligation__name"],
                      code=r["obligation__code"], period=r["period"], due_on=r["due_on"], total=r["total"],
                      open=r["open"], submitted=r["submitted"], verified=r["verified"])
        for r in rows
    ]


def missing_for(*, forum, obligation: Obligation, period: str, today: datetime.date | None = None) -> list[Deadline]:
    """Deadlines of one obligation and period, open first, with the serving secretary. One query
    (the secretary is a subquery, the user fetched in a second query)."""

    secretary = SecretaryTenure.objects.held_on(timezone.localdate()).filter(village_id=OuterRef("village_id"))
    deadlines = list(
        Deadline.objects.filter(forum=forum, obligation=obligation, period=period)
        .select_related("village", "obligation")
        .annotate(secretary_id=Subquery(secretary.values("user_id")[:1]), urgency=_urgency())
        .order_by("urgency", "village__name")
    )
    users = User.objects.in_bulk({d.secretary_id for d in deadlines if d.secretary_id})
    for d in deadlines:
        d.secretary = users.get(d.secretary_id)  # type: ignore[attr-defined]  # set for the template
    return _with_status(list(deadlines), today or timezone.localdate())


def periods_of(*, obligation: Obligation) -> list[tuple[str, datetime.date]]:
    return list(
        Deadline.objects.filter(obligation=obligation).values_list("period", "due_on").distinct().order_by("-due_on")
    )


# On-time rate -------------------------------------------------------------------------------------

@dataclass
class RateTable:
    years: list[int]
    rows: list[tuple[object, list[tuple[int, int] | None]]]  # (label, [(on_time, due) per year])


def _rate_rows(qs, group: str, years: list[int]):
    found: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in qs.values(group, "year").annotate(
        due=Count("pk"), on_time=Count("pk", filter=ON_TIME)
    ).order_by():
        found[row[group]][row["year"]] = (row["on_time"], row["due"])
    return found


def on_time_rates(*, forum, today: datetime.date | None = None) -> tuple[RateTable, RateTable]:
    """On-time rate (verified submission handed in by the due date / deadlines already due) per
    village and per obligation, per year. Four queries."""
    today = today or timezone.localdate()
    due = Deadline.objects.filter(forum=forum, due_on__lt=today)
    years = sorted(set(due.values_list("year", flat=True).distinct().order_by()))
    villages = list(forum_villages(forum=forum))
    obligations = list(Obligation.objects.filter(forum=forum).order_by("order", "code"))
    by_village = _rate_rows(due, "village_id", years)
    by_obligation = _rate_rows(due, "obligation_id", years)
    village_table = RateTable(years=years, rows=[(v, [by_village[v.pk].get(y) for y in years]) for v in villages])
    obligation_table = RateTable(
        years=years, rows=[(o, [by_obligation[o.pk].get(y) for y in years]) for o in obligations if o.pk in by_obligation])
    return village_table, obligation_table


# Calendar -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarEntry:
    due_on: datetime.date
    obligation: str
    period: str
    count: int
    open: int
    deadline_id: int | None  # a single village's deadline
    village: str
    status: str
    approximate: bool


def calendar_entries(*, actor, forum, start: datetime.date, end: datetime.date,
                     today: datetime.date | None = None) -> list[CalendarEntry]:
    """Deadlines due between start and end: one entry per deadline for a secretary / pendamping,
    one per obligation and due date (with counts) for the board and camat office. One query."""
    today = today or timezone.localdate()
    villages = visible_village_ids(actor=actor, forum=forum)
    qs = Deadline.objects.filter(forum=forum, due_on__gte=start, due_on__lte=end)
    if villages is not None:
        own = qs.filter(village_id__in=villages).values_list(
            "pk", "due_on", "obligation__name", "period", "village__name", "state", "obligation__approximate"
        ).order_by("due_on", "obligation__order")
        return [CalendarEntry(due_on=d, obligation=o, period=p, count=1, open=int(s in OPEN_STATES), deadline_id=pk,
                              village=v, status=derived_status(state=s, due_on=d, today=today), approximate=a)
                for pk, d, o, p, v, s, a in own]
    rows = qs.values("due_on", "obligation__name", "period", "obligation__approximate").annotate(
        count=Count("pk"), open=Count("pk", filter=Q(state__in=OPEN_STATES))
    ).order_by("due_on", "obligation__order")
    return [CalendarEntry(due_on=r["due_on"], obligation=r["obligation__name"], period=r["period"], count=r["count"],
                          open=r["open"], deadline_id=None, village="",
                          status=("terlambat" if r["open"] and r["due_on"] < today else ""),
                          approximate=r["obligation__approximate"])
            for r in rows]


def obligations_of(*, forum) -> QuerySet[Obligation]:
    return Obligation.objects.filter(forum=forum).annotate(deadline_count=Count("deadlines")).order_by("order", "code")


# Dashboard ----------------------------------------------------------------------------------------

def status_counts(*, forum, start: datetime.date, end: datetime.date, today: datetime.date) -> dict[str, int]:
    """Derived status counts of the deadlines due between start and end. One query."""
    counts = {s: 0 for s in STATUS_ORDER}
    for state, late, n in (
        Deadline.objects.filter(forum=forum, due_on__gte=start, due_on__lte=end)
        .annotate(late=Case(When(due_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .values_list("state", "late").annotate(n=Count("pk")).order_by()
    ):
        status = "terlambat" if late and state in OPEN_STATES else state
        counts[status] += n
    return counts


@dataclass
class VillageDeadlineCounts:
    due: int
    on_time: int
    overdue_open: int


def village_deadline_counts(*, forum, start: datetime.date, before: datetime.date) -> dict[int, VillageDeadlineCounts]:
    """Per village: deadlines due in [start, before), those completed on time and those still open.
    One query (used by the capacity report in reports/)."""
    return {
        village_id: VillageDeadlineCounts(due=due, on_time=on_time, overdue_open=overdue_open)
        for village_id, due, on_time, overdue_open in (
            Deadline.objects.filter(forum=forum, due_on__gte=start, due_on__lt=before)
            .values_list("village_id").annotate(
                n_due=Count("pk"),
                n_on_time=Count("pk", filter=ON_TIME),
                n_open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            ).order_by()
        )
    }


# Exports (fokuss.exports): the page's own data as a table, so a file shows the page's numbers ----

def _percent(cell: tuple[int, int] | None) -> int | str:
    if not cell:
        return ""
    on_time, due = cell
    return round(100 * on_time / due) if due else 0


def matrix_table(matrix: Matrix) -> Table:
    """One row per village, one column per obligation: "verified/total" and the worst status."""
    headers = [_("Desa"), _("Kode desa")] + [f"{o.code.upper()} {o.name}" for o in matrix.obligations]
    rows = []
    for village, cells in matrix.rows:
        row: list[object] = [village.name, village.code]
        for cell in cells:
            if not cell.items:
                row.append("")
                continue
            row.append(f"{cell.done}/{len(cell.items)} " + str(STATUS_LABELS[cell.worst]))
        rows.append(row)
    return Table(headers=headers, rows=rows)


def missing_table(deadlines: list[Deadline], today: datetime.date) -> Table:
    return Table(
        headers=[_("Desa"), _("Kode desa"), _("Status"), _("Sekretaris desa"), _("Jatuh tempo")],
        rows=[[d.village.name, d.village.code, str(STATUS_LABELS[d.status_on(today)]),
               getattr(getattr(d, "secretary", None), "full_name", ""), d.due_on] for d in deadlines],
    )


def period_summaries_table(summaries: list[PeriodSummary]) -> Table:
    return Table(
        headers=[_("Kewajiban"), _("Periode"), _("Jatuh tempo"), _("Desa"), _("Belum"), _("Dikirim"),
                 _("Terverifikasi"), _("Persen terverifikasi")],
        rows=[[s.obligation_name, s.period, s.due_on, s.total, s.open, s.submitted, s.verified, s.percent]
              for s in summaries],
    )


def on_time_table(by_village: RateTable, by_obligation: RateTable) -> Table:
    """Both tables of the page one under the other: kind, name, then the percent per year."""
    years = sorted(set(by_village.years) | set(by_obligation.years))
    rows: list[list[object]] = []
    for kind, table in ((_("Desa"), by_village), (_("Kewajiban"), by_obligation)):
        for label, cells in table.rows:
            per_year = dict(zip(table.years, cells, strict=True))
            rows.append([kind, str(getattr(label, "name", label))] + [_percent(per_year.get(y)) for y in years])
    return Table(headers=[_("Jenis"), _("Nama")] + [f"{y} (%)" for y in years], rows=rows)


def default_period(*, periods: list[tuple[str, datetime.date]], today: datetime.date) -> str:
    """The period "who has not submitted" opens on: the first due within 30 days, else the last."""
    soon = today + datetime.timedelta(days=30)
    return next((p for p, due in periods if due <= soon), periods[-1][0] if periods else "")


def deadlines_to_remind(*, forum, obligation_id: int | None, period: str, ids: list[int]) -> list[Deadline]:
    """The deadlines a "remind" POST names: a whole obligation and period, or chosen rows (at most 1,000)."""
    qs = Deadline.objects.filter(forum=forum).select_related("obligation", "village")
    if obligation_id is not None:
        return list(qs.filter(obligation_id=obligation_id, period=period))
    return list(qs.filter(pk__in=ids[:1000]))


def calendar_days(*, actor, forum, first: datetime.date, today: datetime.date) -> list[tuple[datetime.date, list]]:
    """The month from ``first`` as (day, entries) pairs, days with entries only. One query."""
    last = add_months(first, 1) - datetime.timedelta(days=1)
    days: dict[datetime.date, list[CalendarEntry]] = {}
    for e in calendar_entries(actor=actor, forum=forum, start=first, end=last, today=today):
        days.setdefault(e.due_on, []).append(e)
    return sorted(days.items())


def term_events(*, forum, limit: int = 20) -> list:
    return list(TermEvent.objects.filter(forum=forum).select_related("village")[:limit])

