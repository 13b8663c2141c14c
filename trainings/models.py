"""Trainings and meetings: events, invitations (RSVP with waiting list), attendance, minutes
(notulen) with revisions, issued documents (undangan, notulen, sertifikat) with their SHA-256,
certificates, feedback.

Every row exposes ``forum_id`` (field or property) so that fokuss.policy can place it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fokuss.uploads import UploadPath


class Event(models.Model):
    class Kind(models.TextChoices):
        PELATIHAN = "pelatihan", _("Pelatihan / bimtek")
        RAPAT = "rapat", _("Rapat rutin")
        MUSKER = "musker", _("Musyawarah kerja")
        STUDI_BANDING = "studi_banding", _("Studi banding")

    class Audience(models.TextChoices):
        ALL = "all", _("Semua desa")
        VILLAGES = "villages", _("Desa terpilih")
        GAP = "gap", _("Sekretaris dengan kesenjangan kompetensi")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Diumumkan")
        # recorded after the fact: took place without invitations sent through the portal
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    # statuses of an event that takes or took place: attendance, minutes and certificates apply
    TAKES_PLACE = (Status.PUBLISHED, Status.HELD)

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.PELATIHAN)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    map_url = models.URLField(_("tautan peta"), blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    competencies = models.ManyToManyField("competency.Competency", blank=True, related_name="events",
                                          verbose_name=_("kompetensi sasaran"))
    audience = models.CharField(_("peserta"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    audience_villages = models.ManyToManyField("members.Village", blank=True, related_name="+",
                                               verbose_name=_("desa peserta"))
    audience_competency = models.CharField(_("kode kompetensi (kesenjangan)"), max_length=20, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), null=True, blank=True,
                                           help_text=_("Kosongkan bila tidak dibatasi."))
    registration_deadline = models.DateTimeField(_("batas konfirmasi"), null=True, blank=True)
    hours = models.DecimalField(_("jumlah jam pelajaran"), max_digits=5, decimal_places=1, null=True, blank=True)
    agenda = models.TextField(_("acara"), blank=True, help_text=_("Satu mata acara per baris."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    invitation_subject = models.CharField(_("hal undangan"), max_length=200, blank=True)
    checkin_code = models.CharField(max_length=16, blank=True)
    checkin_expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        indexes = [models.Index(fields=["forum", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def takes_place(self) -> bool:
        return self.status in self.TAKES_PLACE

    @property
    def is_training(self) -> bool:
        return self.kind in (self.Kind.PELATIHAN, self.Kind.STUDI_BANDING)


class Speaker(models.Model):
    """Narasumber: a member of the portal or an outside person with their institution."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("anggota"))
    name = models.CharField(_("nama"), max_length=150, blank=True)
    institution = models.CharField(_("instansi"), max_length=200, blank=True)
    topic = models.CharField(_("materi"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user_id else self.name

    @property
    def forum_id(self) -> int:
        return self.event.forum_id


class Material(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=UploadPath("trainings"))
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("materi")
        verbose_name_plural = _("materi")

    def __str__(self) -> str:
        return self.title

    @property
    def forum_id(self) -> int:
        return self.event.forum_id


class Registration(models.Model):
    """Invitation and RSVP of one person to one event."""

    class Response(models.TextChoices):
        INVITED = "diundang", _("Belum menjawab")
        HADIR = "hadir", _("Hadir")
        IZIN = "izin", _("Izin")
        TIDAK_HADIR = "tidak_hadir", _("Tidak hadir")
        WAITING = "menunggu", _("Daftar tunggu")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_registrations")
    response = models.CharField(_("jawaban"), max_length=12, choices=Response.choices, default=Response.INVITED)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    invited = models.BooleanField(_("diundang"), default=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("undangan kegiatan")
        verbose_name_plural = _("undangan kegiatan")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.event} ({self.get_response_display()})"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id


class Attendance(models.Model):
    class Status(models.TextChoices):
        HADIR = "hadir", _("Hadir")
        IZIN = "izin", _("Izin")
        SAKIT = "sakit", _("Sakit")
        ALPA = "alpa", _("Alpa (tanpa keterangan)")

    class Method(models.TextChoices):
        QR = "qr", _("Pindai QR")
        MANUAL = "manual", _("Manual")

    EXCUSED = (Status.IZIN, Status.SAKIT)

    # Official records (daftar hadir, notulen, issued documents, certificates) keep their event:
    # an event that has any cannot be deleted (the admin lists them instead).
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances")
    # snapshots at the time of the meeting: people change villages and posts
    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position_label = models.CharField(_("jabatan"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices)
    arrived_at = models.DateTimeField(_("waktu datang"), null=True, blank=True)
    method = models.CharField(_("cara"), max_length=6, choices=Method.choices, default=Method.MANUAL)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    pre_score = models.DecimalField(_("nilai pre-test"), max_digits=5, decimal_places=1, null=True, blank=True)
    post_score = models.DecimalField(_("nilai post-test"), max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "village__name", "pk"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_attendance_per_person")]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}: {self.get_status_display()}"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id


class Minutes(models.Model):
    """One revision of the minutes of an event. Final revisions are immutable; a correction is a
    new draft revision that supersedes the previous one once finalised."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="minutes")
    revision = models.PositiveSmallIntegerField(_("revisi"), default=1)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("nomor"), max_length=60, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("pimpinan rapat"))
    notulis = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("notulis"))
    opening = models.TextField(_("pembukaan"), blank=True)
    closing = models.TextField(_("penutup"), blank=True)
    correction_note = models.CharField(_("alasan koreksi"), max_length=300, blank=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "-revision"]
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")
        constraints = [
            models.UniqueConstraint(fields=["event", "revision"], name="minutes_revision_unique"),
            models.UniqueConstraint(fields=["event"], condition=Q(status="draft"), name="one_draft_minutes_per_event"),
        ]

    def __str__(self) -> str:
        return f"Notulen {self.event} (rev. {self.revision})"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class AgendaItem(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("mata acara"), max_length=300)
    discussion = models.TextField(_("pembahasan"), blank=True)
    decision = models.TextField(_("keputusan"), blank=True)

    class Meta:
        ordering = ["minutes", "position"]
        verbose_name = _("mata acara notulen")
        verbose_name_plural = _("mata acara notulen")

    def __str__(self) -> str:
        return self.title

    @property
    def forum_id(self) -> int:
        return self.minutes.event.forum_id


class FollowUp(models.Model):
    """Tindak lanjut of an agenda item; becomes an actions.ActionItem when the minutes are
    finalised (a correction keeps the link, so nothing is created twice)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="follow_ups")
    what = models.CharField(_("tindak lanjut"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("penanggung jawab"))
    due_on = models.DateField(_("batas waktu"), null=True, blank=True)
    action_item = models.ForeignKey("actions.ActionItem", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("tindak lanjut notulen")
        verbose_name_plural = _("tindak lanjut notulen")

    def __str__(self) -> str:
        return self.what

    @property
    def forum_id(self) -> int:
        return self.item.minutes.event.forum_id


class IssuedDocument(models.Model):
    """An official PDF stored once with its SHA-256; the public verification page looks it up by
    its random code."""

    class Kind(models.TextChoices):
        UNDANGAN = "undangan", _("Surat undangan")
        NOTULEN = "notulen", _("Notulen")
        SERTIFIKAT = "sertifikat", _("Sertifikat")
        LAPORAN = "laporan", _("Laporan kapasitas")

    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="+")
    # Empty for documents of the forum as a whole (the capacity report issued in reports/).
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="documents", null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=80)
    issued_on = models.DateField(_("tanggal"))
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="trainings/documents/%Y/", blank=True)
    minutes = models.OneToOneField(Minutes, on_delete=models.PROTECT, null=True, blank=True, related_name="document")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Certificate(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="certificates")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    village = models.ForeignKey("members.Village", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    number = models.CharField(_("nomor"), max_length=80)
    document = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT, related_name="certificate")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_certificate_per_person")]

    def __str__(self) -> str:
        return f"{self.number} {self.person}"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id


class CertificateRun(models.Model):
    """Progress of one bulk certificate generation (a Celery task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificate_runs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Last sign of life: set when the run is put on the broker and as each certificate is made.
    # A queued or running run silent for longer than fokuss.jobs.stale_after() is re-enqueued by
    # the reminder sweep (trainings/jobs.py).
    heartbeat_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pembuatan sertifikat")
        verbose_name_plural = _("pembuatan sertifikat")

    def __str__(self) -> str:
        return f"{self.event}: {self.done}/{self.total}"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)


class Feedback(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("penilaian"))
    comments = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_feedback_per_person"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.rating}"

    @property
    def forum_id(self) -> int:
        return self.event.forum_id
