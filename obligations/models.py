"""Obligation calendar: what a village must deliver (Obligation), when (Deadline per village and
period) and what was handed in (Submission).

A deadline's due date is computed when the deadline is generated and stored on the row, so a
later edit of the obligation (the legal dates change every year) never rewrites the history of
past deadlines. The status shown to people is derived: ``state`` is moved only by the services
(belum -> dikirim -> terverifikasi / ditolak), "terlambat" is computed from the due date.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fokuss.uploads import UploadPath

# The tables keep the names they had when these models lived in the reports app (moved without
# copying a row: see obligations/migrations/0001_initial.py).


class Obligation(models.Model):
    class Recurrence(models.TextChoices):
        YEARLY = "yearly", _("Tahunan")
        SEMIANNUAL = "semiannual", _("Dua kali setahun")
        MONTHLY = "monthly", _("Bulanan")
        PER_TERM = "per_term", _("Per masa jabatan")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="obligations")
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=30, blank=True,
                                  help_text=_("Untuk layar ponsel dan daftar, mis. IPPD, APBDes, LPPDes. "
                                              "Kosong: singkatan dalam kurung pada nama, atau kodenya."))
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    recurrence = models.CharField(_("pengulangan"), max_length=12, choices=Recurrence.choices)
    due_rule = models.JSONField(
        _("aturan jatuh tempo"), default=dict,
        help_text=_("Tahunan: {month, day, fiscal_year_offset}; dua kali setahun: [{month, day}, {month, day}]; "
                    "bulanan: {day}; per masa jabatan: {months_after_event, event}."),
    )
    submitted_to = models.CharField(_("disampaikan kepada"), max_length=300, blank=True)
    reminder_days = models.JSONField(_("pengingat (hari sebelum)"), default=list,
                                     help_text=_("Mis. [30, 14, 7, 1]"))
    evidence = models.TextField(_("bukti yang diharapkan"), blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    approximate = models.BooleanField(_("tanggal perkiraan"), default=False)
    active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords(table_name="reports_historicalobligation")

    class Meta:
        db_table = "reports_obligation"
        ordering = ["order", "code"]
        verbose_name = _("kewajiban")
        verbose_name_plural = _("kewajiban")
        constraints = [models.UniqueConstraint(fields=["forum", "code"], name="obligation_code_per_forum")]

    def __str__(self) -> str:
        return self.name

    @property
    def short(self) -> str:
        """The name on a phone: the short name, else the abbreviation in brackets in the name
        ("... (IPPD)"), else the code in capitals."""
        return short_name_of(name=self.name, short_name=self.short_name, code=self.code)


def short_name_of(*, name: str, short_name: str = "", code: str = "") -> str:
    if short_name.strip():
        return short_name.strip()
    found = re.findall(r"\(([^()\s]{2,20})\)", name or "")
    if found:
        return found[-1]
    return (code or name[:20]).upper()


class TermEvent(models.Model):
    """An event that starts per-term obligations, e.g. the inauguration of a kepala desa."""

    class Kind(models.TextChoices):
        PELANTIKAN_KADES = "pelantikan kepala desa", _("Pelantikan kepala desa")

    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, related_name="term_events")
    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="term_events")
    kind = models.CharField(_("peristiwa"), max_length=40, choices=Kind.choices, default=Kind.PELANTIKAN_KADES)
    occurred_on = models.DateField(_("tanggal"))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(table_name="reports_historicaltermevent")

    class Meta:
        db_table = "reports_termevent"
        ordering = ["-occurred_on"]
        verbose_name = _("peristiwa masa jabatan")
        verbose_name_plural = _("peristiwa masa jabatan")
        constraints = [models.UniqueConstraint(fields=["village", "kind", "occurred_on"], name="term_event_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.village} {self.occurred_on}"


class DeadlineState(models.TextChoices):
    BELUM = "belum", _("Belum")
    DIKIRIM = "dikirim", _("Dikirim")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
    DITOLAK = "ditolak", _("Ditolak")


# The status shown to people: the stored state, or "terlambat" when it is open past the due date.
STATUS_LABELS = {
    "belum": _("Belum"),
    "dikirim": _("Dikirim"),
    "terverifikasi": _("Terverifikasi"),
    "ditolak": _("Ditolak"),
    "terlambat": _("Terlambat"),
}
OPEN_STATES = (DeadlineState.BELUM, DeadlineState.DITOLAK)


def derived_status(*, state: str, due_on: datetime.date, today: datetime.date) -> str:
    if state in OPEN_STATES and due_on < today:
        return "terlambat"
    return state


class Deadline(models.Model):
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="deadlines")
    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, related_name="deadlines")
    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="deadlines")
    period = models.CharField(_("periode"), max_length=20, help_text=_("Mis. TA 2026, 2026-S1, 2026-10."))
    year = models.PositiveSmallIntegerField(_("tahun jatuh tempo"), db_index=True)
    due_on = models.DateField(_("jatuh tempo"))
    state = models.CharField(_("status"), max_length=14, choices=DeadlineState.choices, default=DeadlineState.BELUM)
    completed_on = models.DateField(_("tanggal kirim yang diverifikasi"), null=True, blank=True)
    term_event = models.ForeignKey(TermEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reports_deadline"
        ordering = ["due_on", "obligation__order", "village__name"]
        verbose_name = _("tenggat")
        verbose_name_plural = _("tenggat")
        constraints = [
            models.UniqueConstraint(fields=["obligation", "village", "period"], name="deadline_once_per_period"),
        ]
        indexes = [
            models.Index(fields=["due_on", "state"], name="deadline_due_state"),
            models.Index(fields=["forum", "year"], name="deadline_forum_year"),
            models.Index(fields=["village", "state"], name="deadline_village_state"),
        ]

    def __str__(self) -> str:
        return f"{self.obligation.code} {self.period} {self.village}"

    def status_on(self, today: datetime.date) -> str:
        return derived_status(state=self.state, due_on=self.due_on, today=today)

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def on_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.due_on


def evidence_path(instance: Submission, filename: str) -> str:
    """Old upload_to, kept for reports migration 0001; new files go through fokuss.uploads.UploadPath."""
    return f"evidence/{instance.deadline.forum_id}/{instance.deadline.village_id}/{instance.deadline_id}/{filename}"


class Submission(models.Model):
    class Status(models.TextChoices):
        DIKIRIM = "dikirim", _("Menunggu verifikasi")
        TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
        DITOLAK = "ditolak", _("Ditolak")

    # A submission is an official record: a deadline that has any cannot be deleted.
    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions")
    submitted_at = models.DateTimeField(_("dikirim pada"), default=timezone.now)
    file = models.FileField(_("berkas bukti"), upload_to=UploadPath("reports", type_field="file_type"), blank=True)
    file_type = models.CharField(max_length=100, blank=True)  # the type detected from the content
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    reference_number = models.CharField(_("nomor surat / tanda terima"), max_length=120, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DIKIRIM)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    reason = models.TextField(_("alasan penolakan"), blank=True)
    history = HistoricalRecords(table_name="reports_historicalsubmission")

    class Meta:
        db_table = "reports_submission"
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("penyampaian")
        verbose_name_plural = _("penyampaian")

    def __str__(self) -> str:
        return f"{self.deadline} ({self.get_status_display()})"

    @property
    def forum_id(self) -> int:
        return self.deadline.forum_id

    @property
    def village_id(self) -> int:
        return self.deadline.village_id
