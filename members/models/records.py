"""Records about people: the access log, personal-data rows (UU 27/2022) and the audit trail."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import User
from .regions import Forum


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
