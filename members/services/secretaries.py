"""Secretaries: tenures opened, closed and replaced, a secretary invited with their tenure, a secretary
moving in from another forum; each on the audit trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AuditAction,
    Forum,
    Invitation,
    SecretaryTenure,
    User,
    Village,
)
from ..selectors import belongs_to_forum
from .audit import log_action
from .people import user_invite


def tenure_open(
    *,
    user: User,
    village: Village,
    started_on: datetime.date,
    status: str = SecretaryTenure.Status.DEFINITIF,
    decree_number: str = "",
    decree_date: datetime.date | None = None,
    by: User | None = None,
) -> SecretaryTenure:
    """Open a tenure on a village without a serving secretary; ``by`` is who recorded it (audit)."""
    with transaction.atomic():
        tenure = _tenure_open(user=user, village=village, started_on=started_on, status=status,
                              decree_number=decree_number, decree_date=decree_date)
        _log_tenure(tenure, by=by, action=AuditAction.TENURE_OPENED)
    return tenure


def _log_tenure(tenure: SecretaryTenure, *, by: User | None, action: AuditAction, **extra) -> None:
    """Tenure events are recorded on the village: its page shows who served when and who changed it."""
    data = {"tenure": tenure.pk, "person": str(tenure.user), "status": tenure.status,
            "started_on": tenure.started_on, "ended_on": tenure.ended_on, "end_reason": tenure.end_reason, **extra}
    log_action(actor=by, action=action, obj=tenure.village, data=data)


def _tenure_open(
    *,
    user: User,
    village: Village,
    started_on: datetime.date,
    status: str,
    decree_number: str,
    decree_date: datetime.date | None,
) -> SecretaryTenure:
    if SecretaryTenure.objects.open().filter(village=village).exists():
        raise ValidationError(_("Desa %(village)s sudah memiliki sekretaris yang sedang menjabat.") % {"village": village})
    tenure = SecretaryTenure(
        user=user, village=village, started_on=started_on, status=status,
        decree_number=decree_number, decree_date=decree_date,
    )
    tenure.full_clean()
    try:
        with transaction.atomic():
            tenure.save()
    except IntegrityError as exc:  # a concurrent request opened one first
        raise ValidationError(
            _("Desa %(village)s sudah memiliki sekretaris yang sedang menjabat.") % {"village": village}
        ) from exc
    return tenure


def tenure_close(*, tenure: SecretaryTenure, ended_on: datetime.date, end_reason: str,
                 by: User | None = None) -> SecretaryTenure:
    """Close a serving tenure; ``by`` is who recorded it (audit)."""
    with transaction.atomic():
        _tenure_close(tenure=tenure, ended_on=ended_on, end_reason=end_reason)
        _log_tenure(tenure, by=by, action=AuditAction.TENURE_CLOSED)
    return tenure


def _tenure_close(*, tenure: SecretaryTenure, ended_on: datetime.date, end_reason: str) -> SecretaryTenure:
    if tenure.ended_on is not None:
        raise ValidationError(_("Masa jabatan ini sudah ditutup."))
    if ended_on < tenure.started_on:
        raise ValidationError(
            {"ended_on": _("Tanggal selesai (%(end)s) tidak boleh sebelum tanggal mulai menjabat (%(start)s).")
             % {"end": ended_on.strftime("%d/%m/%Y"), "start": tenure.started_on.strftime("%d/%m/%Y")}}
        )
    if end_reason not in SecretaryTenure.EndReason.values:
        raise ValidationError({"end_reason": _("Pilih alasan selesai menjabat.")})
    with transaction.atomic():
        tenure.ended_on = ended_on
        tenure.end_reason = end_reason
        tenure.save(update_fields=["ended_on", "end_reason"])
    return tenure


def secretary_replace(
    *,
    village: Village,
    forum: Forum,
    ended_on: datetime.date,
    end_reason: str,
    started_on: datetime.date,
    status: str,
    email: str,
    full_name: str = "",
    whatsapp: str = "",
    decree_number: str = "",
    decree_date: datetime.date | None = None,
    replaced_by: User | None,
) -> SecretaryTenure | Invitation:
    """Close the serving secretary's tenure and open the new one in one transaction. The new
    person is found by email among the forum's people, or invited: a new account serves at once
    (the Invitation is returned); a person from another forum gets a transfer invitation and
    serves once they accept it (members.services.user_invite). Open deadlines and mentoring stay
    with the village; competency history stays with the person."""
    if started_on < ended_on:
        raise ValidationError(
            {"started_on": _("Sekretaris baru tidak dapat mulai sebelum masa jabatan sekretaris lama selesai.")}
        )
    with transaction.atomic():
        current = SecretaryTenure.objects.select_for_update().open().filter(village=village).first()
        if current is not None:
            _tenure_close(tenure=current, ended_on=ended_on, end_reason=end_reason)
        email = (email or "").strip().lower()
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None or not belongs_to_forum(user=user, forum=forum):
            invitation = user_invite(
                forum=forum, email=email, full_name=full_name, whatsapp=whatsapp, invited_by=replaced_by,
                post={"village": village, "tenure_status": status, "started_on": started_on,
                      "decree_number": decree_number, "decree_date": decree_date},
            )
            if invitation.kind == Invitation.Kind.ACCOUNT:
                tenure = _tenure_open(user=invitation.user, village=village, started_on=started_on, status=status,
                                      decree_number=decree_number, decree_date=decree_date)
                _log_replaced(tenure, by=replaced_by, current=current)
            return invitation
        if SecretaryTenure.objects.open().filter(user=user).exclude(village=village).exists():
            raise ValidationError({"email": _("%(name)s masih menjabat sekretaris di desa lain.") % {"name": user}})
        tenure = _tenure_open(
            user=user, village=village, started_on=started_on, status=status,
            decree_number=decree_number, decree_date=decree_date,
        )
        _log_replaced(tenure, by=replaced_by, current=current)
        return tenure


def _log_replaced(tenure: SecretaryTenure, *, by: User | None, current: SecretaryTenure | None) -> None:
    _log_tenure(tenure, by=by, action=AuditAction.TENURE_REPLACED,
                previous=current.pk if current else None,
                previous_person=str(current.user) if current else "",
                previous_end_reason=current.end_reason if current else "")


def secretary_invite(
    *,
    forum: Forum,
    village: Village,
    started_on: datetime.date,
    status: str,
    email: str,
    full_name: str,
    whatsapp: str = "",
    language: str = "id",
    invited_by: User | None,
) -> Invitation:
    """Invite a person as the secretary of a village that has none serving (one transaction).
    A new account serves at once; a person from another forum serves once they accept the
    transfer invitation. A village with a serving secretary goes through ``secretary_replace``."""
    if village.forum_id != forum.pk:
        raise ValidationError({"village": _("Desa ini bukan anggota forum %(forum)s.") % {"forum": forum.short_name}})
    if SecretaryTenure.objects.open().filter(village=village).exists():
        raise ValidationError(
            {"village": _("Desa %(village)s sudah punya sekretaris yang menjabat; gunakan \"Ganti sekretaris\".")
             % {"village": village}}
        )
    with transaction.atomic():
        invitation = user_invite(forum=forum, email=email, full_name=full_name, whatsapp=whatsapp,
                                 language=language, invited_by=invited_by,
                                 post={"village": village, "tenure_status": status, "started_on": started_on})
        if invitation.kind == Invitation.Kind.ACCOUNT:
            tenure_open(user=invitation.user, village=village, started_on=started_on, status=status,
                        by=invited_by)
        return invitation


def invitation_transfer_accept(*, invitation: Invitation, user: User) -> Invitation:
    """The invited person, signed in, accepts joining the forum; the secretary post the invitation
    offers opens now (not before). Refused when the post cannot open: the person still serves
    as secretary elsewhere, or the village has a secretary again."""
    if invitation.kind != Invitation.Kind.TRANSFER or invitation.user_id != user.pk:
        raise ValidationError(_("Undangan ini bukan untuk akun yang sedang masuk."))
    if invitation.accepted_at:
        raise ValidationError(_("Undangan ini sudah diterima."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("Undangan ini sudah kedaluwarsa. Mintalah undangan baru kepada pengurus forum."))
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise ValidationError(_("Undangan ini sudah diterima."))
        if invitation.village is not None:
            elsewhere = (SecretaryTenure.objects.open().filter(user=user).exclude(village_id=invitation.village_id)
                         .select_related("village").first())
            if elsewhere is not None:
                raise ValidationError(
                    _("Anda masih tercatat menjabat sekretaris desa %(village)s. Minta pengurus forum desa itu "
                      "mencatat akhir masa jabatan Anda, lalu buka lagi tautan undangan ini.")
                    % {"village": elsewhere.village})
            tenure_open(user=user, village=invitation.village,
                        started_on=invitation.started_on or timezone.localdate(),
                        status=invitation.tenure_status or SecretaryTenure.Status.DEFINITIF,
                        decree_number=invitation.decree_number, decree_date=invitation.decree_date,
                        by=invitation.invited_by)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return invitation
