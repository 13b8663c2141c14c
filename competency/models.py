"""Competency framework (versioned). Assessments, rounds and grades are added by the competency
feature; this module holds the framework every app may reference (trainings target competencies,
mentoring plans work on one)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    BELUM_MAMPU = 1, _("Belum mampu")
    DENGAN_BIMBINGAN = 2, _("Mampu dengan bimbingan")
    MANDIRI = 3, _("Mampu mandiri")
    MENDAMPINGI = 4, _("Mampu mendampingi")


class Framework(models.Model):
    """One published version of the framework. Editing means publishing a new version; older
    assessments keep pointing at the competencies of the version they used."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
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

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @classmethod
    def current(cls) -> "Framework | None":
        return cls.objects.filter(published_at__isnull=False).order_by("-version").first()


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
