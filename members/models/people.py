"""People: the user account and its history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..phone import validate_e164


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
