"""Invitations to join a forum (or to move to another one)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import User
from .regions import Forum, Village


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
