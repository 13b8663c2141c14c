"""Writes for members: regions import, invitations, tenures, profiles.

Every function is keyword-only, runs in a transaction and raises django ValidationError with a
translatable message for bad input, so that nothing is ever half-saved.
"""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fokuss.services import model_update

from .models import (
    AccessLog,
    AuditAction,
    AuditEntry,
    Consent,
    District,
    Forum,
    Invitation,
    ProfileView,
    Province,
    Regency,
    SecretaryTenure,
    User,
    Village,
    WhatsappVisibility,
)
from .phone import normalize_phone
from .selectors import belongs_to_forum

# Regions ------------------------------------------------------------------------------------

VILLAGE_CSV_COLUMNS = ["code", "name", "kecamatan_code", "kecamatan", "kabupaten", "provinsi"]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _village_code_ok(code: str) -> bool:
    parts = code.split(".")
    return len(parts) == 4 and [len(p) for p in parts[:3]] == [2, 2, 2] and len(parts[3]) == 4 and all(
        p.isdigit() for p in parts
    )


def regions_import_csv(*, text: str) -> ImportResult:
    """Import villages (and their province, regency, kecamatan) from CSV text with the columns
    of VILLAGE_CSV_COLUMNS. Idempotent: codes are natural keys, re-import updates names. Any bad
    row raises ValidationError naming its line, and nothing is imported."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in VILLAGE_CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("Baris 1: kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    rows = []
    errors = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        district_code = (row.get("kecamatan_code") or "").strip()
        if not _village_code_ok(code):
            errors.append(_("Baris %(line)d: kode desa tidak valid: '%(code)s'") % {"line": line, "code": code})
            continue
        if not name:
            errors.append(_("Baris %(line)d: nama desa kosong") % {"line": line})
            continue
        if not code.startswith(district_code + ".") or district_code.count(".") != 2:
            errors.append(
                _("Baris %(line)d: kode kecamatan '%(d)s' tidak cocok dengan kode desa '%(code)s'")
                % {"line": line, "d": district_code, "code": code}
            )
            continue
        if code in seen:
            errors.append(
                _("Baris %(line)d: kode desa %(code)s sudah ada di baris %(first)d")
                % {"line": line, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = line
        rows.append({k: (row.get(k) or "").strip() for k in VILLAGE_CSV_COLUMNS})
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Berkas tidak berisi data desa."))

    created = updated = unchanged = 0
    with transaction.atomic():
        provinces: dict[str, Province] = {}
        regencies: dict[str, Regency] = {}
        districts: dict[str, District] = {}
        for row in rows:
            code = row["code"]
            p_code, r_code, d_code = code[:2], code[:5], code[:8]
            province = provinces.get(p_code)
            if province is None:
                province, _c = Province.objects.update_or_create(code=p_code, defaults={"name": row["provinsi"]})
                provinces[p_code] = province
            regency = regencies.get(r_code)
            if regency is None:
                regency, _c = Regency.objects.update_or_create(
                    code=r_code, defaults={"name": row["kabupaten"], "province": province}
                )
                regencies[r_code] = regency
            district = districts.get(d_code)
            if district is None:
                district, _c = District.objects.update_or_create(
                    code=d_code, defaults={"name": row["kecamatan"], "regency": regency}
                )
                districts[d_code] = district
            village = Village.objects.filter(code=code).first()
            if village is None:
                Village.objects.create(code=code, name=row["name"], district=district)
                created += 1
            elif village.name != row["name"] or village.district_id != district.pk:
                village.name, village.district = row["name"], district
                village.save(update_fields=["name", "district"])
                updated += 1
            else:
                unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


# Audit ----------------------------------------------------------------------------------------


def log_action(*, actor: User | None, action: AuditAction | str, obj, forum_id: int | None = None,
               data: dict | None = None) -> AuditEntry:
    """Record a domain event ("submission.verified by X") for the audit trail. Services call it
    inside their own transaction, so the entry is saved exactly when the change is (a rolled
    back change leaves no entry). ``actor`` is the person who acted (None or an anonymous user:
    the system, e.g. a task); ``forum_id`` defaults to the object's ``forum_id``; ``data``
    holds a few plain values worth reading later (a reason, a level, a number)."""
    action = AuditAction(action)  # an unknown action name is a programming error
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    if forum_id is None:
        forum_id = getattr(obj, "forum_id", None)
    return AuditEntry.objects.create(
        actor=actor, actor_name=str(actor)[:150] if actor is not None else "",
        action=action, object_type=AuditEntry.type_of(obj), object_id=obj.pk, object_repr=str(obj)[:200], forum_id=forum_id, data=data or {},
    )



def access_log_record(*, action: str, user: User | None, request=None, detail: str = "") -> None:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    path = request.get_full_path()[:500] if request is not None else ""
    AccessLog.objects.create(action=action, user=user if user and user.pk else None, ip=ip or None,
                             path=path, detail=detail[:300])


def access_logs_purge(*, now: datetime.datetime | None = None, retention_days: int | None = None) -> int:
    """Delete sign-in and download records older than ``retention_days`` (default
    settings.ACCESS_LOG_RETENTION_DAYS); returns how many. Run nightly by beat
    (members.tasks.purge_access_logs). Deleted in batches so a large backlog never holds one
    long lock."""
    from .models import AccessLog

    days = settings.ACCESS_LOG_RETENTION_DAYS if retention_days is None else retention_days
    if days < 1:
        raise ValidationError(_("Masa simpan catatan akses minimal 1 hari."))
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        batch = list(AccessLog.objects.filter(at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:5000])
        if not batch:
            return deleted
        with transaction.atomic():
            deleted += AccessLog.objects.filter(pk__in=batch).delete()[0]


# People ---------------------------------------------------------------------------------------


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


def user_update_profile(*, user: User, full_name: str, whatsapp: str, language: str, nip: str = "") -> User:
    data = {"full_name": full_name.strip(), "whatsapp": _clean_whatsapp(whatsapp), "language": language, "nip": nip}
    with transaction.atomic():
        model_update(instance=user, fields=list(data), data=data)
    return user


# Tenures --------------------------------------------------------------------------------------


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




# Personal data (UU 27/2022): profile views, consent, WhatsApp visibility ----------------------


def profile_view_record(*, viewer: User, person: User | int, forum: Forum | None) -> None:
    """Record that ``viewer`` opened ``person``'s competency profile (the person sees it on their
    personal-data page) and, for the audit trail, on the person's timeline that overseers see.
    Looking at one's own profile is not recorded."""
    person_id = person if isinstance(person, int) else person.pk
    if viewer is None or not viewer.pk or viewer.pk == person_id:
        return
    with transaction.atomic():
        ProfileView.objects.create(viewer=viewer, person_id=person_id, forum=forum)
        log_action(actor=viewer, action=AuditAction.PROFILE_VIEWED,
                   obj=person if isinstance(person, User) else User.objects.get(pk=person_id),
                   forum_id=forum.pk if forum else None)


def consent_record(*, person: User, purpose: str, given: bool, source: str) -> None:
    """Record a consent given or withdrawn, only when it changes what is in force (the latest row
    per purpose is the one that counts; the older rows are the record)."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Tujuan persetujuan tidak dikenal."))
    with transaction.atomic():
        latest = (Consent.objects.select_for_update().filter(person=person, purpose=purpose)
                  .order_by("-recorded_at", "-pk").first())
        if latest is not None and latest.given == bool(given):
            return
        Consent.objects.create(person=person, purpose=purpose, given=bool(given), source=source[:200])


def user_set_whatsapp_visibility(*, user: User, visibility: str) -> User:
    if visibility not in WhatsappVisibility.values:
        raise ValidationError({"whatsapp_visibility": _("Pilihan tidak dikenal.")})
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(whatsapp_visibility=visibility)
    user.whatsapp_visibility = visibility
    return user
