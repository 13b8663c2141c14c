"""People: invitations (new members, secretaries, transfers between forums) and the profile."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fokuss.services import model_update

from ..models import (
    AuditAction,
    Forum,
    Invitation,
    User,
)
from ..phone import normalize_phone
from ..selectors import belongs_to_forum
from .audit import log_action


def _clean_whatsapp(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except ValidationError as exc:
        raise ValidationError({"whatsapp": exc.messages}) from exc


def _new_invitation(*, user: User, forum: Forum, invited_by: User | None, kind: str, email: str, full_name: str,
                    **post) -> Invitation:
    invitation = Invitation.objects.create(
        user=user, forum=forum, invited_by=invited_by, kind=kind, invited_email=email, invited_name=full_name,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS), **post,
    )
    log_action(actor=invited_by, action=AuditAction.MEMBER_INVITED, obj=user, forum_id=forum.pk,
               data={"email": email, "invitation": invitation.pk, "kind": kind})
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


def user_invite(
    *,
    forum: Forum,
    email: str,
    full_name: str,
    whatsapp: str = "",
    language: str = "id",
    invited_by: User | None,
    post: dict | None = None,
) -> Invitation:
    """Invite a person to the forum; the email goes out after the transaction commits.

    A new email gets an account (no usable password yet) and a link to set a password. An email
    that already has an account from another forum gets a transfer invitation the person accepts
    while signed in (members.views.invitation_accept): until then nothing of theirs is shown or
    opened here, and the board learns nothing about them: the answer is the same as for a new
    email. ``post`` (village, tenure_status, started_on, decree_number, decree_date) is the
    secretary post a transfer invitation offers. Someone already of this forum is refused."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Email wajib diisi.")})
    whatsapp = _clean_whatsapp(whatsapp)
    if not (full_name or "").strip():
        raise ValidationError({"full_name": _("Nama lengkap wajib diisi.")})
    full_name = full_name.strip()
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            user = User.objects.create_user(email=email, full_name=full_name, whatsapp=whatsapp, language=language)
            return _new_invitation(user=user, forum=forum, invited_by=invited_by, kind=Invitation.Kind.ACCOUNT,
                                   email=email, full_name=full_name)
        if belongs_to_forum(user=existing, forum=forum):
            raise ValidationError({"email": _("Email %(email)s sudah terdaftar.") % {"email": email}})
        return _new_invitation(user=existing, forum=forum, invited_by=invited_by, kind=Invitation.Kind.TRANSFER,
                               email=email, full_name=full_name, **(post or {}))


def invitation_send(*, invitation: Invitation) -> None:
    user = invitation.user
    link = settings.SITE_URL.rstrip("/") + reverse("members:invitation_accept", kwargs={"token": invitation.token})
    template = ("members/email/transfer_invitation.txt" if invitation.kind == Invitation.Kind.TRANSFER
                else "members/email/invitation.txt")
    with translation.override(user.language or "id"):
        context = {"invitation": invitation, "user": user, "link": link, "forum": invitation.forum}
        subject = _("Undangan bergabung ke portal %(forum)s") % {"forum": invitation.forum.short_name}
        body = render_to_string(template, context)
    send_mail(subject, body, None, [user.email])


INACTIVE_ACCOUNT_MESSAGE = gettext_lazy(
    "Akun ini sudah dinonaktifkan oleh admin, jadi undangan ini tidak dapat dipakai. "
    "Hubungi pengurus forum bila akun perlu diaktifkan kembali.")


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the invited person's password (checked by AUTH_PASSWORD_VALIDATORS). An account an
    admin has switched off (is_active=False) stays off: the invitation cannot switch it on."""
    if invitation.kind != Invitation.Kind.ACCOUNT:  # an existing account keeps its password
        raise ValidationError(_("Undangan ini diterima dengan masuk ke akun Anda sendiri."))
    if invitation.accepted_at:
        raise ValidationError(_("Undangan ini sudah dipakai. Silakan masuk dengan email dan kata sandi Anda."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("Undangan ini sudah kedaluwarsa. Mintalah undangan baru kepada pengurus forum."))
    user = invitation.user
    if not user.is_active:
        raise ValidationError(str(INACTIVE_ACCOUNT_MESSAGE))
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:  # switched off while the form was open
            raise ValidationError(str(INACTIVE_ACCOUNT_MESSAGE))
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        log_action(actor=user, action=AuditAction.INVITATION_ACCEPTED, obj=user, forum_id=invitation.forum_id,
                   data={"invitation": invitation.pk})
    return user


def user_update_profile(*, user: User, full_name: str, whatsapp: str, language: str, nip: str = "") -> User:
    data = {"full_name": full_name.strip(), "whatsapp": _clean_whatsapp(whatsapp), "language": language, "nip": nip}
    with transaction.atomic():
        model_update(instance=user, fields=list(data), data=data)
    return user
