"""Regions, forums, people and the posts they hold.

A forum belongs to one kecamatan (District); every domain row belongs to a forum directly or
through its village. Roles are not flags on the user: they are derived from the posts a person
holds (SecretaryTenure, BoardPosition, KecamatanStaff, FacilitatorAssignment) on a given day.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .phone import validate_e164


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


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class WhatsappVisibility(models.TextChoices):
    FORUM = "forum", _("Semua anggota forum saya")
    BOARD = "board", _("Hanya pengurus, kantor kecamatan dan pendamping desa saya")
    NOBODY = "nobody", _("Tidak seorang pun")


class UserHistory(HistoricalRecords):
    """Row history of the person's own data (name, email, WhatsApp, NIP ...). A save that only
    touches the password or the last sign-in (every login) writes no history row."""

    SILENT_FIELDS = frozenset({"password", "last_login"})

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= self.SILENT_FIELDS:
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    whatsapp = models.CharField(
        _("nomor WhatsApp"), max_length=20, blank=True, validators=[validate_e164],
        help_text=_("Format internasional, mis. +6281234567890"),
    )
    language = models.CharField(_("bahasa"), max_length=5, choices=Language.choices, default=Language.INDONESIAN)
    nip = models.CharField(_("NIP/NIPD"), max_length=30, blank=True)
    whatsapp_visibility = models.CharField(
        _("siapa yang melihat nomor WhatsApp saya"), max_length=10, choices=WhatsappVisibility.choices,
        default=WhatsappVisibility.BOARD,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("staf admin"), default=False)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)
    history = UserHistory(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def nip_line(self) -> str:
        """What a signature block prints under the name: "NIP. ..." for the 18-digit NIP of a civil
        servant, "NIPD. ..." for a village apparatus number; empty without one."""
        number = self.nip.strip()
        if not number:
            return ""
        return f"NIP. {number}" if len(number.replace(" ", "")) == 18 and number.replace(" ", "").isdigit() \
            else f"NIPD. {number}"

    @property
    def whatsapp_link(self) -> str:
        return f"https://wa.me/{self.whatsapp.lstrip('+')}" if self.whatsapp else ""


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


class Invitation(models.Model):
    """An invited person sets a password through a link that expires (kind ``account``), or a
    person who already has an account from another forum accepts, signed in, to join this one
    (kind ``transfer``): until then no post is opened for them here. A transfer invitation
    may carry the secretary post it offers (village, status, start, decree)."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Akun baru")
        TRANSFER = "transfer", _("Pindah forum")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.ACCOUNT)
    # The name and email the board typed: shown on the forum's invitation list instead of the
    # account's own (which belongs to the other forum until the person accepts).
    invited_name = models.CharField(_("nama yang diundang"), max_length=150, blank=True)
    invited_email = models.EmailField(_("email yang diundang"), blank=True)
    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+", null=True, blank=True,
                                verbose_name=_("sebagai sekretaris desa"))
    tenure_status = models.CharField(_("status jabatan"), max_length=20, blank=True)
    started_on = models.DateField(_("mulai menjabat"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan akun")
        verbose_name_plural = _("undangan akun")

    def __str__(self) -> str:
        return f"{self.user.email} ({self.forum.short_name})"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AccessLog(models.Model):
    """Sign-ins (and failed attempts) and file / PDF downloads, for the audit trail."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Masuk")
        LOGIN_FAILED = "login_failed", _("Gagal masuk")
        LOGOUT = "logout", _("Keluar")
        DOWNLOAD = "download", _("Unduh")

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("aksi"), max_length=20, choices=Action.choices)
    path = models.CharField(_("alamat"), max_length=500, blank=True)
    detail = models.CharField(_("keterangan"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.user_id or '-'} {self.path}"


# Personal data (UU 27/2022) -------------------------------------------------------------------
# These rows live here, not in the ``privacy`` app, because domain apps record them (the profile
# page records a view, the notifications layer reads the consent) and no app may import ``privacy``.

class ProfileView(models.Model):
    """Someone other than the person opened the person's competency profile. The person sees
    these on their "Data pribadi saya" page."""

    viewer = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("dilihat oleh"))
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="profile_views",
                               verbose_name=_("pemilik profil"))
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    viewed_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["person", "viewed_at"])]
        verbose_name = _("kunjungan profil")
        verbose_name_plural = _("kunjungan profil")

    def __str__(self) -> str:
        return f"{self.viewed_at:%Y-%m-%d %H:%M} {self.viewer_id or '-'} -> {self.person_id}"


class Consent(models.Model):
    """A consent given or withdrawn. The latest row per (person, purpose) is the one in force;
    older rows stay as the record of when consent was given (UU 27/2022 Pasal 22-24)."""

    class Purpose(models.TextChoices):
        WHATSAPP = "whatsapp", _("Pesan pengingat lewat WhatsApp")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("tujuan"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("setuju"))
    recorded_at = models.DateTimeField(_("dicatat"), default=timezone.now, db_index=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True,
                              help_text=_("Mis. halaman preferensi notifikasi, data contoh, formulir kertas."))

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["person", "purpose", "recorded_at"])]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose} {'ya' if self.given else 'tidak'} ({self.recorded_at:%Y-%m-%d})"


class AuditAction(models.TextChoices):
    """Every domain event the audit trail records: ``<entity>.<verb>``. A new kind of entry is
    added here (one registry, so a typo is an error, not a silent new action)."""

    MEMBER_INVITED = "member.invited", _("Anggota diundang")
    INVITATION_ACCEPTED = "invitation.accepted", _("Undangan akun diterima")
    TENURE_OPENED = "tenure.opened", _("Masa jabatan sekretaris dimulai")
    TENURE_CLOSED = "tenure.closed", _("Masa jabatan sekretaris ditutup")
    TENURE_REPLACED = "tenure.replaced", _("Sekretaris desa diganti")
    TENURE_CHANGED = "tenure.changed", _("Masa jabatan sekretaris diubah")
    TENURE_DELETED = "tenure.deleted", _("Masa jabatan sekretaris dihapus")
    BOARD_POSITION_ADDED = "board.position_added", _("Jabatan pengurus ditambahkan")
    BOARD_POSITION_CHANGED = "board.position_changed", _("Jabatan pengurus diubah")
    BOARD_POSITION_REMOVED = "board.position_removed", _("Jabatan pengurus dihapus")
    KECAMATAN_STAFF_ADDED = "kecamatan.staff_added", _("Staf kecamatan ditambahkan")
    KECAMATAN_STAFF_CHANGED = "kecamatan.staff_changed", _("Staf kecamatan diubah")
    KECAMATAN_STAFF_REMOVED = "kecamatan.staff_removed", _("Staf kecamatan dihapus")
    FACILITATOR_ASSIGNED = "facilitator.assigned", _("Pendamping desa ditugaskan")
    FACILITATOR_CHANGED = "facilitator.changed", _("Penugasan pendamping diubah")
    FACILITATOR_REMOVED = "facilitator.removed", _("Penugasan pendamping dihapus")
    SUBMISSION_VERIFIED = "submission.verified", _("Laporan diverifikasi")
    SUBMISSION_REJECTED = "submission.rejected", _("Laporan ditolak")
    ASSESSMENT_VALIDATED = "assessment.validated", _("Penilaian kompetensi divalidasi")
    PLAN_CLOSED = "mentoring.plan_closed", _("Rencana pendampingan ditutup")
    MINUTES_FINALISED = "minutes.finalised", _("Notulen difinalkan")
    MINUTES_CORRECTED = "minutes.corrected", _("Notulen dikoreksi")
    DOCUMENT_ISSUED = "document.issued", _("Dokumen resmi diterbitkan")
    CERTIFICATE_ISSUED = "certificate.issued", _("Sertifikat diterbitkan")
    CERTIFICATE_RUN_STARTED = "certificate.run_started", _("Pembuatan sertifikat dimulai")
    EXPORT_DOWNLOADED = "export.downloaded", _("Data diunduh")
    PROFILE_VIEWED = "profile.viewed", _("Profil kompetensi dilihat")


class AuditEntry(models.Model):
    """One domain event, in words: who did what to which record, written by the service inside
    its transaction (``members.services.log_action``), so the entry exists exactly when the
    change does. Row diffs live in simple_history; sign-ins and downloads in AccessLog. Entries
    are never edited or deleted (the admin is read-only)."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("pelaku"))
    actor_name = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("aksi"), max_length=40, choices=AuditAction.choices)
    # "<app_label>.<model_name>" of the record (the content type, by name: writing an entry never
    # needs a lookup, so every page and service costs the same number of queries each time)
    object_type = models.CharField(_("jenis objek"), max_length=100)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("objek"), max_length=200)
    forum = models.ForeignKey(Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_object_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @staticmethod
    def type_of(obj) -> str:
        return obj._meta.concrete_model._meta.label_lower

    @property
    def actor_label(self) -> str:
        if self.actor is not None:
            return str(self.actor)
        return self.actor_name or str(_("Sistem"))
