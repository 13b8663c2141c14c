"""Regions (province, regency, kecamatan, village) and the forum of a kecamatan."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    code = models.CharField(_("kode"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Kecamatan."""

    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("kode"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("desa")
        verbose_name_plural = _("desa")

    def __str__(self) -> str:
        return self.name

    @cached_property
    def forum_id(self) -> int | None:
        """The forum of the village's kecamatan (None if that kecamatan has no forum yet)."""
        try:
            return self.district.forum.pk
        except District.forum.RelatedObjectDoesNotExist:
            return None


class Forum(models.Model):
    district = models.OneToOneField(District, on_delete=models.PROTECT, related_name="forum")
    name = models.CharField(_("nama"), max_length=200, default="Forum Komunikasi Sekretaris Desa")
    short_name = models.CharField(_("singkatan"), max_length=30)
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    address = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    logo = models.FileField(_("logo"), upload_to="forum-logos/", blank=True)
    letterhead = models.TextField(
        _("kop surat"),
        blank=True,
        help_text=_("Satu baris per baris kop surat, dari atas ke bawah."),
    )
    mentor_load_cap = models.PositiveSmallIntegerField(_("batas mentee aktif per mentor"), default=3)
    stalled_mentoring_days = models.PositiveSmallIntegerField(_("pendampingan macet setelah (hari)"), default=30)
    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")

    def __str__(self) -> str:
        return f"{self.short_name} {self.district.name}"

    @property
    def forum_id(self) -> int:
        return self.pk

    @property
    def letterhead_lines(self) -> list[str]:
        return [line.strip() for line in self.letterhead.splitlines() if line.strip()]
