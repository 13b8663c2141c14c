"""Competency framework (versioned). Assessments, rounds and grades are added by the competency
feature; this module holds the framework every app may reference (trainings target competencies,
mentoring plans work on one)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fokuss.uploads import UploadPath


class Level(models.IntegerChoices):
    BELUM_MAMPU = 1, _("Belum mampu")
    DENGAN_BIMBINGAN = 2, _("Mampu dengan bimbingan")
    MANDIRI = 3, _("Mampu mandiri")
    MENDAMPINGI = 4, _("Mampu mendampingi")


class Framework(models.Model):
    """One published version of the framework. Editing means publishing a new version; older
    assessments keep pointing at the competencies of the version they used.

    A version without a forum is the shared standard (loaded from the seed file) that every forum
    starts from; a forum's board edits by publishing a version of its own, which from then on is
    that forum's current framework and is invisible to other forums."""

    forum = models.ForeignKey("members.Forum", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="frameworks", verbose_name=_("forum"),
                              help_text=_("Kosong: kerangka standar yang dipakai semua forum."))
    version = models.PositiveIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200, default="Kerangka kompetensi sekretaris desa")
    prerequisites_note = models.TextField(_("catatan prasyarat"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("kerangka kompetensi")
        verbose_name_plural = _("kerangka kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["forum", "version"], condition=Q(forum__isnull=False),
                                    name="framework_version_per_forum"),
            models.UniqueConstraint(fields=["version"], condition=Q(forum__isnull=True),
                                    name="framework_version_standard"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @classmethod
    def visible_to(cls, *, forum) -> "models.QuerySet[Framework]":
        """The shared standard versions and the forum's own."""
        return cls.objects.filter(Q(forum=forum) | Q(forum__isnull=True))

    @classmethod
    def current(cls, *, forum) -> "Framework | None":
        """The forum's latest published version, or the latest standard one if the forum has
        not published its own. One query."""
        return (cls.visible_to(forum=forum).filter(published_at__isnull=False)
                .order_by(models.F("forum_id").asc(nulls_last=True), "-version").first())


class Competency(models.Model):
    class Group(models.TextChoices):
        PRASYARAT = "Prasyarat", _("Prasyarat")
        TEKNIS = "Teknis", _("Teknis")
        MANAJERIAL = "Manajerial", _("Manajerial")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="competencies")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    group = models.CharField(_("kelompok"), max_length=20, choices=Group.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    evidence = models.TextField(_("bukti yang dicari"), blank=True, help_text=_("Satu bukti per baris."))
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="competency_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def forum_id(self) -> int | None:
        """The forum whose own version this competency belongs to (None: the shared standard)."""
        return self.framework.forum_id

    @property
    def evidence_items(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class LevelDescriptor(models.Model):
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="descriptors")
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    description = models.TextField(_("uraian"))

    class Meta:
        ordering = ["competency", "level"]
        verbose_name = _("uraian tingkat")
        verbose_name_plural = _("uraian tingkat")
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="one_descriptor_per_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="descriptor_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} {self.level}"


class AssessmentRound(models.Model):
    """A mapping round of a forum, e.g. "Pemetaan Agustus 2018". Assessments of a round use the
    framework version that was current when the round was opened."""

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="assessment_rounds")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("nama"), max_length=200)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("putaran penilaian")
        verbose_name_plural = _("putaran penilaian")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="round_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Assessment(models.Model):
    """One judgement of one person's level in one competency. Never overwritten: a correction is
    a new row; the current level is the latest validated one."""

    class Method(models.TextChoices):
        SELF = "self", _("Penilaian diri")
        BOARD = "board", _("Pengurus")
        PEER = "peer", _("Rekan sejawat")
        PENDAMPING = "pendamping", _("Pendamping desa")
        MENTORING = "mentoring", _("Penilaian ulang akhir pendampingan")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Menunggu validasi")
        VALIDATED = "validated", _("Tervalidasi")
        REVIEWED = "reviewed", _("Ditinjau (diganti penilaian pengurus)")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="assessments")
    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="assessments",
                              verbose_name=_("putaran"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments",
                               verbose_name=_("sekretaris"))
    # the village the person served at the time (for scoping); the history stays with the person
    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, related_name="+", null=True,
                                blank=True)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    method = models.CharField(_("metode"), max_length=12, choices=Method.choices)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("penilai"))
    assessed_on = models.DateField(_("tanggal penilaian"))
    evidence_note = models.TextField(_("catatan bukti"), blank=True)
    evidence_file = models.FileField(_("berkas bukti"), upload_to=UploadPath("competency"), blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("divalidasi oleh"))
    validated_at = models.DateTimeField(_("divalidasi"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        indexes = [models.Index(fields=["person", "status", "assessed_on"]),
                   models.Index(fields=["forum", "round", "status"])]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=4),
                                              name="assessment_level_1_to_4")]

    def __str__(self) -> str:
        return f"{self.person} {self.competency.code}={self.level} ({self.get_method_display()})"

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED


class SelfAssessmentDraft(models.Model):
    """A self-assessment not yet sent: the levels and notes chosen so far, one per person and
    round. It is saved step by step and becomes Assessment rows only when every competency has a
    level (competency.services.assessments_self_submit); then the draft goes."""

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="drafts",
                              verbose_name=_("putaran"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("sekretaris"))
    levels = models.JSONField(_("tingkat yang dipilih"), default=dict, blank=True)  # competency code -> 1..4
    notes = models.JSONField(_("catatan"), default=dict, blank=True)  # competency code -> text
    updated_at = models.DateTimeField(_("terakhir disimpan"), default=timezone.now)

    class Meta:
        verbose_name = _("draf penilaian diri")
        verbose_name_plural = _("draf penilaian diri")
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_self_draft_per_round")]

    def __str__(self) -> str:
        return f"{self.person} {self.round} ({len(self.levels)})"
