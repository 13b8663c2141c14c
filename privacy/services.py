"""Writes for personal data: the export (recorded in the access log), erasure requests and the
one erasure service. What erasure does per model, and why, is written in ``inventory.py``."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import AccessLog, AuditEntry, Consent, Invitation, ProfileView, User, WhatsappVisibility
from members.selectors import forum_ids_of_user
from members.services import access_log_record, consent_record

from . import selectors
from .inventory import INVENTORY
from .models import ErasureRequest

# Export -----------------------------------------------------------------------------------------


def personal_data_export(*, person: User, fmt: str, request=None) -> bytes:
    """The person's data as JSON or as a ZIP (JSON, PDF summary, own files); the export is
    recorded in the access log."""
    if fmt not in ("json", "zip"):
        raise ValidationError(_("Format ekspor tidak dikenal."))
    data = selectors.person_data_json(person=person) if fmt == "json" else selectors.person_data_zip(person=person)
    access_log_record(action=AccessLog.Action.DOWNLOAD, user=person, request=request,
                      detail=f"Ekspor data pribadi ({fmt})")
    return data


# Erasure requests -----------------------------------------------------------------------------


def erasure_request_create(*, person: User, reason: str) -> ErasureRequest:
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Alasan paling panjang 2000 karakter.")})
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(person=person, reason=reason)
    except IntegrityError:
        raise ValidationError(_("Permintaan penghapusan Anda masih diproses.")) from None


def erasure_request_reject(*, erasure_request: ErasureRequest, by: User, note: str) -> ErasureRequest:
    with transaction.atomic():
        updated = ErasureRequest.objects.filter(pk=erasure_request.pk, status=ErasureRequest.Status.OPEN).update(
            status=ErasureRequest.Status.REJECTED, decided_by=by, decided_at=timezone.now(), note=note)
        if not updated:
            raise ValidationError(_("Permintaan ini sudah diputuskan."))
    erasure_request.refresh_from_db()
    return erasure_request


def erasure_request_fulfil(*, erasure_request: ErasureRequest, by: User, note: str = "") -> ErasureRequest:
    """The admin action "anonymise": erase the person and close the request, in one transaction."""
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
        if locked.status != ErasureRequest.Status.OPEN:
            raise ValidationError(_("Permintaan ini sudah diputuskan."))
        person_erase(person=locked.person, by=by)
        locked.status, locked.decided_by, locked.decided_at = ErasureRequest.Status.DONE, by, timezone.now()
        locked.note = note or locked.note
        locked.save(update_fields=["status", "decided_by", "decided_at", "note"])
    return locked


# Erasure ------------------------------------------------------------------------------------------


def anonymous_name(person: User) -> str:
    return f"Anggota terhapus #{person.pk}"


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _blank(label: str, condition: Q, **values) -> None:
    _model(label)._default_manager.filter(condition).update(**values)


def _delete_files(label: str, condition: Q, field: str) -> list[str]:
    return [n for n in _model(label)._default_manager.filter(condition).values_list(field, flat=True) if n]


def _erase_user(person: User, ctx: dict) -> None:
    person.full_name = anonymous_name(person)
    person.email = f"terhapus-{person.pk}@anonim.invalid"
    person.whatsapp = ""
    person.nip = ""
    person.whatsapp_visibility = WhatsappVisibility.NOBODY
    person.is_active = person.is_staff = person.is_superuser = False
    person.set_unusable_password()  # also ends every open session (the session hash changes)
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


def _erase_log_entries(person: User, ctx: dict) -> None:
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)).update(
        object_repr=anonymous_name(person), change_message="")


def _erase_assessments(label: str) -> Callable[[User, dict], None]:
    def erase(person: User, ctx: dict) -> None:
        condition = Q(person_id=person.pk)
        if label == "competency.Assessment":
            ctx["files"].extend(_delete_files(label, condition, "evidence_file"))
        _blank(label, condition, evidence_note="", evidence_file="", original_name="")
    return erase


def _erase_plans(label: str) -> Callable[[User, dict], None]:
    def erase(person: User, ctx: dict) -> None:
        _blank(label, Q(mentee_id=person.pk), goal="", close_note="")
    return erase


def _own_session_ids(person: User) -> list[int]:
    """Sessions about the person alone: every plan of the session has the person as mentee
    (a group session keeps its notes: they are about the other mentees too)."""
    session = _model("mentoring.MentoringSession")
    mine = session._default_manager.filter(plans__mentee_id=person.pk).values_list("pk", flat=True)
    others = session._default_manager.filter(pk__in=mine).exclude(plans__mentee_id=person.pk).values_list("pk", flat=True)
    return sorted(set(mine) - set(others))


def _erase_sessions(label: str) -> Callable[[User, dict], None]:
    def erase(person: User, ctx: dict) -> None:
        if "sessions" not in ctx:
            ctx["sessions"] = _own_session_ids(person)
        field = "id" if label == "mentoring.HistoricalMentoringSession" else "pk"
        _blank(label, Q(**{f"{field}__in": ctx["sessions"]}), notes="", imported_from="")
    return erase


def _erase_registrations(label: str) -> Callable[[User, dict], None]:
    def erase(person: User, ctx: dict) -> None:
        _blank(label, Q(person_id=person.pk), reason="")
    return erase


def _delete(label: str, lookup: str) -> Callable[[User, dict], None]:
    def erase(person: User, ctx: dict) -> None:
        _model(label)._default_manager.filter(**{lookup: person.pk}).delete()
    return erase


def _erase_consent_withdrawn(person: User, ctx: dict) -> None:
    consent_record(person=person, purpose=Consent.Purpose.WHATSAPP, given=False, source="penghapusan data pribadi")


def _erase_invitations(person: User, ctx: dict) -> None:
    Invitation.objects.filter(user=person).delete()


def _erase_access_log(person: User, ctx: dict) -> None:
    AccessLog.objects.filter(user=person).update(ip=None, path="", detail="")


def _erase_profile_views(person: User, ctx: dict) -> None:
    ProfileView.objects.filter(person=person).delete()


def _erase_audit_entries(person: User, ctx: dict) -> None:
    """Entries stay (evidence of who did what); the person's name and email copied into them go.
    Names in the text columns are replaced by ``_scrub_copies``; here the actor name and the
    values in ``data`` (JSON), matched key by key."""
    label = anonymous_name(person)
    AuditEntry.objects.filter(actor=person).update(actor_name=label)
    AuditEntry.objects.filter(object_type=AuditEntry.type_of(person), object_id=person.pk).update(object_repr=label)
    copies = {person.full_name: label, person.email: "", person.whatsapp: "", person.nip: ""}
    copies.pop("", None)
    matches = Q()
    for key in ("person", "previous_person", "submitted_by", "email"):
        for value in copies:
            matches |= Q(**{f"data__{key}": value})
    for entry in AuditEntry.objects.filter(matches):
        entry.data = {k: copies.get(v, v) if isinstance(v, str) else v for k, v in entry.data.items()}
        entry.save(update_fields=["data"])


def _erase_deliveries(person: User, ctx: dict) -> None:
    """Bodies blanked; the rows stay (they are what makes a reminder exactly-once); nothing still
    waiting is sent to an erased person."""
    _blank("notifications.Delivery", Q(recipient_id=person.pk), subject="", body="", url="", html="", attachments=[],
           last_error="")
    _blank("notifications.Delivery", Q(recipient_id=person.pk, status__in=["pending", "retrying", "sending"]),
           status="skipped")


def _erase_suggestions(person: User, ctx: dict) -> None:
    _model("mentoring.SuggestionDecision")._default_manager.filter(
        Q(mentee_id=person.pk) | Q(mentor_id=person.pk)).delete()


def _erase_report_files(person: User, ctx: dict) -> None:
    """Working copies of reports that may name the person: the files they asked for, and the
    capacity-report drafts of every forum where they held a post (a draft lists each village's
    secretary). Rows and stored PDFs go; anyone can have a draft made again, with the anonymised
    name. Issued reports (reports.CapacityReport) are kept."""
    condition = Q(requested_by_id=person.pk) | Q(kind="kapasitas", forum_id__in=forum_ids_of_user(user=person))
    ctx["files"].extend(_delete_files("reports.ReportFile", condition, "file"))
    _model("reports.ReportFile")._default_manager.filter(condition).delete()


def _erase_feedback(person: User, ctx: dict) -> None:
    _blank("trainings.Feedback", Q(person_id=person.pk), comments="")


# One handler per "anonymise" / "delete" entry of the inventory (a test checks they match).
# Order matters where rows depend on each other (email confirmations before addresses).
HANDLERS: dict[str, Callable[[User, dict], None]] = {
    "account.EmailConfirmation": _delete("account.EmailConfirmation", "email_address__user_id"),
    "account.EmailAddress": _delete("account.EmailAddress", "user_id"),
    "mfa.Authenticator": _delete("mfa.Authenticator", "user_id"),
    "members.Invitation": _erase_invitations,
    "admin.LogEntry": _erase_log_entries,
    "members.AccessLog": _erase_access_log,
    "members.ProfileView": _erase_profile_views,
    "members.AuditEntry": _erase_audit_entries,
    "members.HistoricalUser": _delete("members.HistoricalUser", "id"),
    "notifications.Notification": _delete("notifications.Notification", "recipient_id"),
    "notifications.Delivery": _erase_deliveries,
    "notifications.Preference": _delete("notifications.Preference", "user_id"),
    "competency.Assessment": _erase_assessments("competency.Assessment"),
    "competency.HistoricalAssessment": _erase_assessments("competency.HistoricalAssessment"),
    "competency.SelfAssessmentDraft": _delete("competency.SelfAssessmentDraft", "person_id"),
    "mentoring.MentoringPlan": _erase_plans("mentoring.MentoringPlan"),
    "mentoring.HistoricalMentoringPlan": _erase_plans("mentoring.HistoricalMentoringPlan"),
    "mentoring.MentoringSession": _erase_sessions("mentoring.MentoringSession"),
    "mentoring.HistoricalMentoringSession": _erase_sessions("mentoring.HistoricalMentoringSession"),
    "mentoring.SuggestionDecision": _erase_suggestions,
    "trainings.Registration": _erase_registrations("trainings.Registration"),
    "trainings.HistoricalRegistration": _erase_registrations("trainings.HistoricalRegistration"),
    "trainings.Feedback": _erase_feedback,
    "reports.ReportFile": _erase_report_files,
    "members.User": _erase_user,  # last: the handlers above find rows by the old values
}


def _traces(person: User) -> list[str]:
    """The person's identifying strings as they may have been copied into text (reminder bodies
    naming a late secretary, an access-log detail ...). Short names are left alone: replacing a
    four-letter name everywhere would damage unrelated text."""
    found = [person.email]
    if len(person.full_name.strip()) >= 5:
        found.append(person.full_name.strip())
    if person.whatsapp:
        found.append(person.whatsapp)
    return [t for t in found if t]


def _scrub_copies(person: User, traces: list[str]) -> None:
    """In every model the inventory anonymises, replace copies of the person's name, email and
    number in free-text fields (whoever the row belongs to) with the anonymous name."""
    label = anonymous_name(person)
    for model_label, entry in INVENTORY.items():
        if entry.decision != "anonymise" or model_label == "members.User":
            continue
        model = _model(model_label)
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, (models.CharField, models.TextField)) and not f.choices
                       and not isinstance(f, models.FileField)]
        for field in text_fields:
            for trace in traces:
                model._default_manager.filter(**{f"{field}__contains": trace}).update(
                    **{field: Replace(field, Value(trace), Value(label))})


def person_erase(*, person: User, by: User | None) -> User:
    """Erase a person (UU 27/2022 Pasal 8 and 43): in one transaction, apply the inventory's
    decision to every model holding their data. Official records (decrees, minutes, attendance,
    certificates, submissions) stay and keep counting; they point to the anonymised account.
    Evidence files are removed from storage after commit."""
    if by is not None and by.pk == person.pk:
        raise ValidationError(_("Penghapusan diproses oleh admin situs, bukan oleh akun itu sendiri."))
    ctx: dict = {"files": [], "by": by}
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        traces = _traces(person)
        _erase_consent_withdrawn(person, ctx)
        for handler in HANDLERS.values():
            handler(person, ctx)
        _scrub_copies(person, traces)
        files = list(ctx["files"])

        def _remove_files() -> None:
            for name in files:
                default_storage.delete(name)

        transaction.on_commit(_remove_files)
    return person
