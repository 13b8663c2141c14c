"""The posts a person holds for a span of days: secretary tenure, board position, kecamatan and kabupaten staff, pendamping assignment; ``objects.held_on(day)`` answers who holds one on a day."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .people import User
from .regions import District, Forum, Regency, Village


class PostQuerySet(models.QuerySet):
    """A post held for a span of days (a tenure, a board period, a kecamatan post, a pendamping
    assignment). ``held_on(day)`` is the one answer to "who holds it on that day": started on or
    before the day, and not ended before it. A post that starts tomorrow or ended yesterday is
    not held today."""

    start_field = "started_on"
    end_field = "ended_on"

    def held_on(self, day: datetime.date):
        end = self.end_field
        return self.filter(**{f"{self.start_field}__lte": day}).filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
        )


class TenureQuerySet(PostQuerySet):
    def open(self):
        """Not ended, whatever the start: the set the one-open-tenure-per-village rule counts.
        For "who serves on a day" use ``held_on``."""
        return self.filter(ended_on__isnull=True)


class BoardPositionQuerySet(PostQuerySet):
    start_field = "period_start"
    end_field = "period_end"


class SecretaryTenure(models.Model):
    class Status(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Plt (pelaksana tugas)")
        PJ = "pj", _("Pj (penjabat)")

    class EndReason(models.TextChoices):
        MUTASI = "mutasi", _("Mutasi")
        ROTASI = "rotasi", _("Rotasi")
        PENSIUN = "pensiun", _("Pensiun")
        BERHENTI = "berhenti", _("Berhenti")
        MENINGGAL = "meninggal", _("Meninggal dunia")
        DEFINITIF = "definitif", _("Digantikan pejabat definitif")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="tenures", verbose_name=_("sekretaris"))
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="tenures", verbose_name=_("desa"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DEFINITIF)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    started_on = models.DateField(_("mulai menjabat"))
    ended_on = models.DateField(_("selesai menjabat"), null=True, blank=True)
    end_reason = models.CharField(_("alasan selesai"), max_length=12, choices=EndReason.choices, blank=True)
    history = HistoricalRecords()

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["village__name", "-started_on"]
        verbose_name = _("masa jabatan sekretaris desa")
        verbose_name_plural = _("masa jabatan sekretaris desa")
        constraints = [
            models.UniqueConstraint(
                fields=["village"], condition=Q(ended_on__isnull=True), name="one_open_tenure_per_village",
                violation_error_message=_("Desa ini sudah memiliki sekretaris yang sedang menjabat."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="tenure_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.village} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def forum_id(self) -> int | None:
        return self.village.forum_id

    @property
    def status_short(self) -> str:
        return {"definitif": _("Definitif"), "plt": "Plt", "pj": "Pj"}[self.status]


class BoardPosition(models.Model):
    class Position(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        WAKIL = "wakil_ketua", _("Wakil Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        KOORDINATOR = "koordinator", _("Koordinator Bidang")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="board_positions")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="board_positions")
    position = models.CharField(_("jabatan"), max_length=20, choices=Position.choices)
    field = models.CharField(_("bidang"), max_length=100, blank=True, help_text=_("Untuk koordinator bidang."))
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    history = HistoricalRecords()

    objects = BoardPositionQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "position"]
        verbose_name = _("jabatan pengurus")
        verbose_name_plural = _("jabatan pengurus")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="board_period_order"),
        ]

    def __str__(self) -> str:
        label = self.get_position_display()
        if self.field:
            label = f"{label} {self.field}"
        return f"{label}: {self.user} ({self.period_start.year}–{self.period_end.year})"


class KecamatanStaff(models.Model):
    class Position(models.TextChoices):
        CAMAT = "camat", _("Camat")
        SEKCAM = "sekcam", _("Sekretaris Kecamatan")
        KASI_PEMDES = "kasi_pemdes", _("Kasi Pemerintahan Desa")
        STAF = "staf", _("Staf Kecamatan")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="kecamatan_posts")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="staff")
    position = models.CharField(_("jabatan"), max_length=20, choices=Position.choices)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("staf kecamatan")
        verbose_name_plural = _("staf kecamatan")

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.district}: {self.user}"

    @property
    def forum_id(self) -> int | None:
        """The forum of the kecamatan (None if it has no forum yet)."""
        try:
            return self.district.forum.pk
        except District.forum.RelatedObjectDoesNotExist:
            return None


class KabupatenStaff(models.Model):
    """Staff of the kabupaten (Dinas PMD, Bagian Tata Pemerintahan): read the figures and reports
    of every forum whose kecamatan lies in the regency, side by side; never edit."""

    class Position(models.TextChoices):
        KEPALA_DINAS = "kepala_dinas", _("Kepala Dinas PMD")
        KABID = "kabid", _("Kepala Bidang Pemerintahan Desa")
        KABAG_TAPEM = "kabag_tapem", _("Kepala Bagian Tata Pemerintahan")
        STAF = "staf", _("Staf Kabupaten")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="kabupaten_posts")
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="staff",
                                verbose_name=_("kabupaten/kota"))
    position = models.CharField(_("jabatan"), max_length=20, choices=Position.choices)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("staf kabupaten")
        verbose_name_plural = _("staf kabupaten")
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="kabupaten_post_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.regency}: {self.user}"


class FacilitatorAssignment(models.Model):
    class Role(models.TextChoices):
        PD = "pd", _("Pendamping Desa (PD)")
        PLD = "pld", _("Pendamping Lokal Desa (PLD)")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="facilitator_assignments")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="facilitator_assignments")
    role = models.CharField(_("peran"), max_length=5, choices=Role.choices, default=Role.PLD)
    started_on = models.DateField(_("mulai"))
    ended_on = models.DateField(_("selesai"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan pendamping desa")
        verbose_name_plural = _("penugasan pendamping desa")

    def __str__(self) -> str:
        return f"{self.user} → {self.village}"

    @property
    def forum_id(self) -> int | None:
        return self.village.forum_id
