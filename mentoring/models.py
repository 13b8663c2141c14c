"""Mentoring (pendampingan): one plan per mentee and competency, moving through the four stages
of the FOKUSS paper; sessions may cover several plans of one mentor (group mentoring)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competency.models import Level


class Stage(models.IntegerChoices):
    PENYADARAN = 1, _("Penyadaran")
    TRANSFORMASI = 2, _("Transformasi kemampuan")
    INTELEKTUAL = 3, _("Peningkatan kemampuan intelektual")
    KEMANDIRIAN = 4, _("Kemandirian")


class MentorKind(models.TextChoices):
    PEER = "peer", _("Sekdes tingkat 4 (mampu mendampingi)")
    BOARD = "board", _("Pengurus forum")
    PENDAMPING = "pendamping", _("Pendamping desa")


class MentoringPlan(models.Model):
    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        SELESAI = "selesai", _("Selesai")
        DIHENTIKAN = "dihentikan", _("Dihentikan")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="mentoring_plans")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_plans",
                               verbose_name=_("mentee"))
    # the mentee's village when the plan started (scoping for the assigned pendamping)
    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, related_name="+", null=True,
                                blank=True)
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_plans",
                               verbose_name=_("mentor"))
    mentor_kind = models.CharField(_("jenis mentor"), max_length=12, choices=MentorKind.choices)
    competency = models.ForeignKey("competency.Competency", on_delete=models.PROTECT, related_name="plans",
                                   verbose_name=_("kompetensi"))
    goal = models.TextField(_("tujuan"))
    target_level = models.PositiveSmallIntegerField(_("tingkat sasaran"), choices=Level.choices, default=3)
    baseline_level = models.PositiveSmallIntegerField(_("tingkat awal"), choices=Level.choices, null=True,
                                                      blank=True)
    final_level = models.PositiveSmallIntegerField(_("tingkat akhir"), choices=Level.choices, null=True, blank=True)
    final_assessment = models.ForeignKey("competency.Assessment", on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+")
    stage = models.PositiveSmallIntegerField(_("tahap"), choices=Stage.choices, default=Stage.PENYADARAN)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.AKTIF)
    started_on = models.DateField(_("mulai"))
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)
    close_note = models.TextField(_("catatan penutupan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-started_on", "pk"]
        verbose_name = _("rencana pendampingan")
        verbose_name_plural = _("rencana pendampingan")
        indexes = [models.Index(fields=["forum", "status"]), models.Index(fields=["mentor", "status"])]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="plan_mentor_is_not_mentee"),
            models.UniqueConstraint(fields=["mentee", "competency"], condition=Q(status="aktif"),
                                    name="one_active_plan_per_mentee_competency",
                                    violation_error_message=_("Mentee ini sudah punya rencana aktif untuk "
                                                              "kompetensi ini.")),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} ← {self.mentor}: {self.competency.code}"

    @property
    def person_id(self) -> int:
        return self.mentee_id

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.AKTIF

    @property
    def stage_progress(self) -> int:
        return self.stage * 25


class StageChange(models.Model):
    plan = models.ForeignKey(MentoringPlan, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.PositiveSmallIntegerField(_("dari tahap"), choices=Stage.choices, null=True, blank=True)
    to_stage = models.PositiveSmallIntegerField(_("ke tahap"), choices=Stage.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("diubah oleh"))
    changed_at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("perubahan tahap")
        verbose_name_plural = _("perubahan tahap")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_stage} → {self.to_stage}"


class MentoringSession(models.Model):
    class Mode(models.TextChoices):
        TATAP_MUKA = "tatap_muka", _("Tatap muka")
        KUNJUNGAN = "kunjungan", _("Kunjungan")
        WHATSAPP = "whatsapp", _("WhatsApp")
        TELEPON = "telepon", _("Telepon")
        DARING = "daring", _("Daring")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="mentoring_sessions")
    plans = models.ManyToManyField(MentoringPlan, related_name="sessions", verbose_name=_("rencana"))
    held_on = models.DateField(_("tanggal"))
    mode = models.CharField(_("cara"), max_length=12, choices=Mode.choices, default=Mode.TATAP_MUKA)
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=60)
    topic = models.CharField(_("topik"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    imported_from = models.CharField(_("diimpor dari"), max_length=200, blank=True,
                                     help_text=_("Nama berkas ekspor WhatsApp bila catatan diimpor."))
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("sesi pendampingan")
        verbose_name_plural = _("sesi pendampingan")

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class SuggestionDecision(models.Model):
    """A rejected mentor suggestion, so that matching does not offer the same pair again."""

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency_code = models.CharField(max_length=20)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("saran mentor yang ditolak")
        verbose_name_plural = _("saran mentor yang ditolak")
        constraints = [models.UniqueConstraint(fields=["mentee", "mentor", "competency_code"],
                                               name="one_rejection_per_pair")]

    def __str__(self) -> str:
        return f"{self.mentee_id} x {self.mentor_id} ({self.competency_code})"
