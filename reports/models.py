"""The capacity report as a document of the board: the narrative parts the board writes before
issuing and, once issued, the stored PDF (a trainings.IssuedDocument: one numbering, one SHA-256
and one public verification page for every official document of the forum). The figures are
never stored here: reports.selectors computes them for the period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CapacityReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        RENDERING = "rendering", _("Sedang dibuat")
        ISSUED = "issued", _("Terbit")
        FAILED = "failed", _("Gagal dibuat")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(_("periode"), max_length=8)  # 2026, 2026-S2, 2026-T3
    hambatan = models.TextField(_("hambatan"), blank=True)
    simpulan = models.TextField(_("simpulan"), blank=True)
    saran = models.TextField(_("saran"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("nomor"), max_length=80, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("diterbitkan oleh"))
    issued_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    document = models.OneToOneField("trainings.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="capacity_report")
    error = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["forum", "-period_key"]
        verbose_name = _("laporan kapasitas")
        verbose_name_plural = _("laporan kapasitas")
        # one report per forum and period: issuing twice is refused, never a silent duplicate
        constraints = [models.UniqueConstraint(fields=["forum", "period_key"], name="one_capacity_report_per_period")]

    def __str__(self) -> str:
        return f"{self.forum} {self.period_key} ({self.get_status_display()})"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_busy(self) -> bool:
        return self.status == self.Status.RENDERING


class ReportFile(models.Model):
    """A report PDF made in Celery for the person who asked (reports.tasks.report_file_render)
    and kept in storage; only they download it, while they may still read it. Two kinds: the
    kabupaten roll-up of a year (over the forums in ``scope``) and the draft of a forum's
    capacity report for a period (``key``). Issued capacity reports are CapacityReport documents."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Rekap kabupaten")
        KAPASITAS = "kapasitas", _("Draf laporan kapasitas")

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Sedang dibuat")
        READY = "ready", _("Siap")
        FAILED = "failed", _("Gagal dibuat")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("diminta oleh"))
    # the forum the request was made from: the capacity report's forum, the notification's forum
    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("periode"), max_length=8)  # 2026 (roll-up year), 2026-T4 (capacity period)
    # the forums of a roll-up: sorted primary keys joined with commas, "*" for every forum (admin)
    scope = models.TextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RENDERING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, shown while rendering
    file = models.FileField(upload_to="reports/files/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("berkas laporan")
        verbose_name_plural = _("berkas laporan")
        indexes = [models.Index(fields=["requested_by", "kind", "key", "-requested_at"], name="report_file_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_busy(self) -> bool:
        return self.status == self.Status.RENDERING
