"""In-app notifications and the Delivery rows that make every reminder exactly-once.

A Delivery is inserted (unique on key, recipient, channel, slot) *before* anything is sent; the
send task takes its id, locks the row and records the outcome. A second sweep, a retried task
or a redelivered broker message finds the row already there or already sent and does nothing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("Notifikasi di portal")
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    # The in-app delivery that created this notification: one notification per delivery, enforced
    # by the database (exactly once even if a send is retried).
    delivery = models.OneToOneField("Delivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        RETRYING = "retrying", _("Dicoba ulang")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        SKIPPED = "skipped", _("Dilewati")

    key = models.CharField(_("kunci pengingat"), max_length=200)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    slot = models.CharField(_("slot"), max_length=40, help_text=_("Mis. tanggal pengingat atau 'H-7'."))
    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    subject = models.CharField(_("subjek"), max_length=200)
    body = models.TextField(_("isi"))
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    # E-mail only: the HTML part's content (notifications.messages; the letterhead is added when it
    # is sent) and the keys of the files to attach, resolved when it is sent (notifications.mail).
    html = models.TextField(_("isi HTML"), blank=True)
    attachments = models.JSONField(_("lampiran"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    not_before = models.DateTimeField(_("jangan kirim sebelum"), null=True, blank=True)
    # When a send task for this row was last put on the broker (None: no task is outstanding,
    # e.g. deferred for quiet hours). The sweep re-enqueues rows whose task is overdue, which is
    # what recovers from a lost broker message (Redis restart) or a killed worker.
    enqueued_at = models.DateTimeField(_("masuk antrean"), null=True, blank=True)
    # Held for the recipient's daily digest instead of being sent on its own.
    digest = models.BooleanField(_("masuk ringkasan harian"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient", "channel", "slot"], name="delivery_exactly_once"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "not_before"], name="delivery_status_due"),
            models.Index(fields=["forum", "status"], name="delivery_forum_status"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id} [{self.channel}/{self.slot}] {self.status}"


class Preference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    email = models.BooleanField(_("kirim lewat email"), default=True)
    whatsapp = models.BooleanField(_("kirim lewat WhatsApp"), default=True)
    digest = models.BooleanField(_("ringkasan harian, bukan pesan satu per satu"), default=False,
                                 help_text=_("Email dan WhatsApp dikumpulkan menjadi satu pesan setiap pagi pukul "
                                             "07.00 WIB. Notifikasi di portal tetap langsung muncul."))

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class SweepDay(models.Model):
    """A day (WIB) on which the reminder sweep ran to the end. Day-granular rules (deadline lead
    days, overdue escalation) look here to catch up the days the sweep missed (server down for a
    whole day) instead of losing those reminders."""

    day = models.DateField(_("hari"), unique=True)
    finished_at = models.DateTimeField(_("selesai"), default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("hari sweep pengingat")
        verbose_name_plural = _("hari sweep pengingat")

    def __str__(self) -> str:
        return str(self.day)
