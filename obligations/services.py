"""Writes for the obligation calendar: seed and edit obligations, generate deadlines, record
per-term events, submit evidence, verify or reject, remind.

Every function is keyword-only, runs in a transaction and raises ValidationError with an
Indonesian message for bad input, so nothing is ever half-saved.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fokuss.cache import forum_version_bump
from fokuss.dates import add_months, clamp_date
from fokuss.uploads import check_upload
from members.models import AuditAction, Forum, SecretaryTenure, Village
from members.services import log_action
from notifications.services import Message, deliveries_plan

from .models import OPEN_STATES, Deadline, DeadlineState, Obligation, Submission, TermEvent

SEED_FILE = Path(__file__).resolve().parent / "data" / "obligations.yaml"
MAX_NOTE = 2000


# Due dates ------------------------------------------------------------------------------------



def due_dates(*, recurrence: str, rule, year: int) -> list[tuple[str, datetime.date]]:
    """(period, due date) of the deadlines of an obligation that fall due in ``year``."""
    if recurrence == Obligation.Recurrence.YEARLY:
        fiscal_year = year - int(rule.get("fiscal_year_offset", 0))
        return [(f"TA {fiscal_year}", clamp_date(year, int(rule["month"]), int(rule["day"])))]
    if recurrence == Obligation.Recurrence.SEMIANNUAL:
        return [(f"{year}-S{i}", clamp_date(year, int(r["month"]), int(r["day"]))) for i, r in enumerate(rule, start=1)]
    if recurrence == Obligation.Recurrence.MONTHLY:
        found = []
        for month in range(1, 13):
            covered = add_months(datetime.date(year, month, 1), -1)  # the report covers the previous month
            found.append((f"{covered:%Y-%m}", clamp_date(year, month, int(rule["day"]))))
        return found
    return []  # per_term: counted from an event (term_event_record)


def _validate_rule(recurrence: str, rule) -> None:
    try:
        if recurrence == Obligation.Recurrence.PER_TERM:
            if int(rule["months_after_event"]) <= 0:
                raise ValueError
        else:
            dates = due_dates(recurrence=recurrence, rule=rule, year=2024)  # a leap year: 29 Feb is allowed
            if not dates:
                raise ValueError
            if recurrence == Obligation.Recurrence.SEMIANNUAL and len(rule) != 2:
                raise ValueError
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError({"due_rule": _("Aturan jatuh tempo tidak sesuai dengan jenis pengulangannya.")}) from exc


def _validate_reminder_days(days) -> list[int]:
    try:
        cleaned = sorted({int(d) for d in days}, reverse=True)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"reminder_days": _("Hari pengingat harus berupa angka, mis. 30, 14, 7, 1.")}) from exc
    if any(d < 0 or d > 366 for d in cleaned):
        raise ValidationError({"reminder_days": _("Hari pengingat harus antara 0 dan 366.")})
    return cleaned


# Obligations ----------------------------------------------------------------------------------

def obligations_seed(*, forum, text: str | None = None) -> int:
    """Load the obligation calendar for a forum from the YAML seed. Only missing codes are
    created: after the first load the database is the source of truth (board edits are kept)."""
    data = yaml.safe_load(text if text is not None else SEED_FILE.read_text(encoding="utf-8"))
    existing = set(Obligation.objects.filter(forum=forum).values_list("code", flat=True))
    new = []
    for order, item in enumerate(data["obligations"], start=1):
        code = str(item["code"]).lower()
        if code in existing:
            continue
        recurrence = item["recurrence"]
        _validate_rule(recurrence, item["due"])
        new.append(Obligation(
            forum=forum, code=code, name=item["name"], short_name=item.get("short_name", "")[:30],
            legal_basis=item.get("legal_basis", ""), recurrence=recurrence,
            due_rule=item["due"], submitted_to=item.get("submitted_to", ""),
            reminder_days=_validate_reminder_days(item.get("reminder_days_before", [])),
            evidence=item.get("evidence", ""), notes=item.get("notes", ""),
            approximate=bool(item.get("approximate")), order=order,
        ))
    with transaction.atomic():
        Obligation.objects.bulk_create(new)
        forum_version_bump(forum.pk)  # bulk_create sends no signals (fokuss/cache.py)
    return len(new)


def obligation_update(*, obligation: Obligation, data: dict, reschedule_open: bool = False,
                      today: datetime.date | None = None) -> tuple[Obligation, int]:
    """Edit an obligation. Existing deadlines keep their due dates (history is never rewritten)
    unless ``reschedule_open``: then deadlines still open and not yet due move to the new rule.
    Returns (obligation, number of deadlines moved)."""
    today = today or timezone.localdate()
    fields = ["name", "short_name", "legal_basis", "due_rule", "submitted_to", "reminder_days", "evidence", "notes",
              "approximate", "active"]
    recurrence = obligation.recurrence
    if "due_rule" in data:
        _validate_rule(recurrence, data["due_rule"])
    if "reminder_days" in data:
        data = {**data, "reminder_days": _validate_reminder_days(data["reminder_days"])}
    if "name" in data and not str(data["name"]).strip():
        raise ValidationError({"name": _("Nama kewajiban wajib diisi.")})
    moved = 0
    with transaction.atomic():
        for name in fields:
            if name in data:
                setattr(obligation, name, data[name])
        obligation.full_clean(exclude=["forum"])
        obligation.save()
        if reschedule_open and recurrence != Obligation.Recurrence.PER_TERM:
            open_future = Deadline.objects.filter(obligation=obligation, state=DeadlineState.BELUM, due_on__gte=today)
            years = set(open_future.values_list("year", flat=True))
            for year in years:
                for period, due_on in due_dates(recurrence=recurrence, rule=obligation.due_rule, year=year):
                    if due_on >= today:
                        moved += open_future.filter(year=year, period=period).exclude(due_on=due_on).update(
                            due_on=due_on, year=due_on.year)
    return obligation, moved


# Deadlines ------------------------------------------------------------------------------------

def deadlines_generate(*, forum, year: int) -> int:
    """Create the deadlines of every active periodic obligation of the forum that fall due in
    ``year``, for every village of the forum. Idempotent (unique per obligation, village,
    period). Three queries plus the inserts, whatever the number of villages."""

    if year < 2000 or year > 2100:
        raise ValidationError(_("Tahun tidak valid."))
    obligations = list(Obligation.objects.filter(forum=forum, active=True).exclude(
        recurrence=Obligation.Recurrence.PER_TERM))
    village_ids = list(Village.objects.filter(district_id=forum.district_id).values_list("pk", flat=True))
    rows = [
        Deadline(obligation_id=o.pk, village_id=v, forum_id=forum.pk, period=period, year=due_on.year, due_on=due_on)
        for o in obligations
        for period, due_on in due_dates(recurrence=o.recurrence, rule=o.due_rule, year=year)
        for v in village_ids
    ]
    before = Deadline.objects.filter(forum=forum, year=year).count()
    with transaction.atomic():
        Deadline.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        forum_version_bump(forum.pk)  # bulk_create sends no signals (fokuss/cache.py)
    return Deadline.objects.filter(forum=forum, year=year).count() - before


def deadlines_generate_all(*, year: int) -> int:
    """The yearly job: every forum (one forum at a time, each idempotent)."""

    return sum(deadlines_generate(forum=forum, year=year) for forum in Forum.objects.all())


def term_event_record(*, village, forum, occurred_on: datetime.date, recorded_by=None, note: str = "",
                      kind: str = TermEvent.Kind.PELANTIKAN_KADES) -> TermEvent:
    """Record e.g. the inauguration of a kepala desa; creates the deadlines of the per-term
    obligations counted from it (RPJMDes within 3 months)."""
    if village.district_id != forum.district_id:
        raise ValidationError({"village": _("Desa ini bukan anggota forum Anda.")})
    if occurred_on is None:
        raise ValidationError({"occurred_on": _("Isi tanggal peristiwanya.")})
    if occurred_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"occurred_on": _("Tanggal terlalu jauh di masa depan.")})
    if TermEvent.objects.filter(village=village, kind=kind, occurred_on=occurred_on).exists():
        raise ValidationError({"occurred_on": _("Peristiwa ini sudah dicatat untuk desa tersebut.")})
    with transaction.atomic():
        event = TermEvent.objects.create(village=village, forum=forum, kind=kind, occurred_on=occurred_on,
                                         note=note.strip()[:300], recorded_by=recorded_by)
        for obligation in Obligation.objects.filter(forum=forum, active=True, recurrence=Obligation.Recurrence.PER_TERM):
            if obligation.due_rule.get("event", kind) != kind:
                continue
            due_on = add_months(occurred_on, int(obligation.due_rule["months_after_event"]))
            Deadline.objects.create(obligation=obligation, village=village, forum=forum,
                                    period=f"{occurred_on:%Y-%m-%d}", year=due_on.year, due_on=due_on,
                                    term_event=event)
    return event


# Submissions ----------------------------------------------------------------------------------

def submission_create(*, deadline: Deadline, user, file=None, reference_number: str = "", note: str = "",
                      now: datetime.datetime | None = None) -> Submission:
    """A sekdes (or the board for her) hands in evidence: an upload (PDF or image, checked by
    content and size) and/or an official reference number, and a note."""
    reference_number = (reference_number or "").strip()
    note = (note or "").strip()
    if file is None and not reference_number:
        raise ValidationError(_("Lampirkan berkas bukti atau isi nomor surat / tanda terima."))
    if len(reference_number) > 120:
        raise ValidationError({"reference_number": _("Nomor surat terlalu panjang (paling banyak 120 karakter).")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Catatan terlalu panjang (paling banyak 2000 karakter).")})
    checked = None
    if file is not None:
        try:
            checked = check_upload(file, kinds=("pdf", "image"))
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.state == DeadlineState.DIKIRIM:
            raise ValidationError(_("Laporan ini sudah dikirim dan sedang menunggu verifikasi."))
        if locked.state == DeadlineState.TERVERIFIKASI:
            raise ValidationError(_("Laporan ini sudah terverifikasi; tidak perlu dikirim lagi."))
        submission = Submission(deadline=locked, submitted_by=user, submitted_at=now or timezone.now(),
                                reference_number=reference_number, note=note)
        if checked is not None:
            checked.attach(submission, "file", type_field="file_type")
        submission.save()
        locked.state = DeadlineState.DIKIRIM
        locked.save(update_fields=["state", "updated_at"])
    deadline.refresh_from_db()
    return submission


def submission_verify(*, submission: Submission, user, approve: bool, reason: str = "",
                      now: datetime.datetime | None = None) -> Submission:
    """Board or camat office accepts or rejects (with a reason) the pending submission. The caller
    has checked "deadline.verify" with the policy."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan agar sekdes tahu apa yang harus diperbaiki.")})
    now = now or timezone.now()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("deadline", "submitted_by").get(pk=submission.pk)
        if locked.status != Submission.Status.DIKIRIM:
            raise ValidationError(_("Penyampaian ini sudah diperiksa sebelumnya."))
        locked.status = Submission.Status.TERVERIFIKASI if approve else Submission.Status.DITOLAK
        locked.verified_by = user
        locked.verified_at = now
        locked.reason = "" if approve else reason[:MAX_NOTE]
        locked.save(update_fields=["status", "verified_by", "verified_at", "reason"])
        d = locked.deadline
        d.state = DeadlineState.TERVERIFIKASI if approve else DeadlineState.DITOLAK
        d.completed_on = timezone.localtime(locked.submitted_at).date() if approve else None
        d.save(update_fields=["state", "completed_on", "updated_at"])
        log_action(actor=user, action=AuditAction.SUBMISSION_VERIFIED if approve else AuditAction.SUBMISSION_REJECTED,
                   obj=d, data={"submission": locked.pk, "reason": locked.reason,
                                "submitted_by": str(locked.submitted_by) if locked.submitted_by_id else ""})
        if not approve:
            _notify_rejection(deadline=d, reason=locked.reason, now=now)
    submission.refresh_from_db()
    return submission


# Messages -------------------------------------------------------------------------------------

def long_date(day: datetime.date) -> str:
    return date_format(day, "l, j F Y")


def deadline_url(pk: int) -> str:
    return reverse("obligations:deadline_detail", args=[pk])


def _secretaries(village_ids, *, day: datetime.date | None = None) -> dict[int, int]:
    """The secretary serving each village on ``day`` (today by default)."""
    day = day or timezone.localdate()
    return dict(SecretaryTenure.objects.held_on(day).filter(village_id__in=village_ids)
                .values_list("village_id", "user_id"))


def _notify_rejection(*, deadline: Deadline, reason: str, now: datetime.datetime) -> None:

    secretary = _secretaries([deadline.village_id]).get(deadline.village_id)
    if secretary is None:
        return
    obligation = deadline.obligation
    deliveries_plan(messages=[Message(
        key=f"deadline:{deadline.pk}", slot=f"ditolak-{timezone.localtime(now):%Y%m%d%H%M%S}",
        recipient_id=secretary, forum_id=deadline.forum_id,
        subject=_("Ditolak: %(doc)s %(village)s") % {"doc": obligation.name[:120], "village": deadline.village.name},
        body=_("Penyampaian %(doc)s (%(period)s) Desa %(village)s ditolak. Alasan: %(reason)s. "
               "Silakan perbaiki dan kirim ulang sebelum %(due)s.")
        % {"doc": obligation.name, "period": deadline.period, "village": deadline.village.name, "reason": reason,
           "due": long_date(deadline.due_on)},
        url=deadline_url(deadline.pk),
    )], now=now)


def deadlines_remind(*, deadlines: list[Deadline], sender, now: datetime.datetime | None = None) -> int:
    """One-click reminder from the board to the secretaries of these open deadlines. At most one
    manual reminder per deadline per day (the slot is the date). Returns the number of
    secretaries reminded."""

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    open_ones = [d for d in deadlines if d.state in OPEN_STATES]
    if not open_ones:
        raise ValidationError(_("Tidak ada laporan terbuka yang perlu diingatkan."))
    secretaries = _secretaries({d.village_id for d in open_ones})
    messages = []
    for d in open_ones:
        recipient = secretaries.get(d.village_id)
        if recipient is None:
            continue
        late = d.due_on < today
        messages.append(Message(
            key=f"deadline:{d.pk}", slot=f"manual-{today.isoformat()}", recipient_id=recipient, forum_id=d.forum_id,
            subject=(_("Terlambat: %(doc)s %(village)s") if late else _("Pengingat: %(doc)s %(village)s"))
            % {"doc": d.obligation.name[:120], "village": d.village.name},
            body=_("Pengurus %(sender)s mengingatkan: %(doc)s (%(period)s) Desa %(village)s jatuh tempo %(due)s "
                   "dan belum disampaikan.")
            % {"sender": sender.full_name, "doc": d.obligation.name, "period": d.period, "village": d.village.name,
               "due": long_date(d.due_on)},
            url=deadline_url(d.pk),
        ))
    deliveries_plan(messages=messages, now=now)
    return len(messages)
