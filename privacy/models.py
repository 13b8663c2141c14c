"""Erasure requests. The rows a person may see about themselves live in the apps that write
them (members.ProfileView, members.Consent); this app only reads them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu")
        DONE = "done", _("Dianonimkan")
        REJECTED = "rejected", _("Ditolak")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests",
                               verbose_name=_("pemohon"))
    reason = models.TextField(_("alasan"), blank=True)
    requested_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("diputuskan oleh"))
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    note = models.TextField(_("catatan admin"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("permintaan penghapusan data")
        verbose_name_plural = _("permintaan penghapusan data")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="open"),
                                    name="one_open_erasure_request_per_person",
                                    violation_error_message=_("Permintaan penghapusan Anda masih diproses.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"
