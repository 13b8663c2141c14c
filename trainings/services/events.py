"""Events: schedule (draft), announce (invite the audience, issue the invitation letter) or
record as held (a meeting written up afterwards), cancel; speakers and materials."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.models import Competency, Framework
from fokuss.terbilang import tanggal_panjang
from fokuss.uploads import check_upload
from members.models import AuditAction
from members.services import log_action
from notifications.services import Message, deliveries_plan

from ..models import Event, Material, Registration, Speaker
from ..selectors.events import EVENT_FIELDS, audience_ids, event_url
from ..selectors.people import local_date
from .documents import invitation_letter_issue


def _event_validate(*, forum, data: dict, villages: Sequence, competencies: Sequence) -> None:
    errors: dict[str, list[str]] = {}
    if not (data.get("title") or "").strip():
        errors.setdefault("title", []).append(_("Isi judul kegiatan."))
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if not starts_at or not ends_at:
        errors.setdefault("starts_at", []).append(_("Isi waktu mulai dan selesai."))
    elif ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("Waktu selesai harus sesudah waktu mulai."))
    deadline = data.get("registration_deadline")
    if deadline and starts_at and deadline > starts_at:
        errors.setdefault("registration_deadline", []).append(
            _("Batas konfirmasi tidak boleh sesudah kegiatan dimulai."))
    if not (data.get("venue") or "").strip() and not data.get("online_url"):
        errors.setdefault("venue", []).append(_("Isi tempat kegiatan atau tautan daring."))
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        errors.setdefault("capacity", []).append(_("Kapasitas minimal 1 orang."))
    hours = data.get("hours")
    if hours is not None and (hours <= 0 or hours > 500):
        errors.setdefault("hours", []).append(_("Jumlah jam pelajaran harus antara 0 dan 500."))
    audience = data.get("audience") or Event.Audience.ALL
    if audience == Event.Audience.VILLAGES:
        if not villages:
            errors.setdefault("audience_villages", []).append(_("Pilih minimal satu desa peserta."))
        elif any(v.district_id != forum.district_id for v in villages):
            errors.setdefault("audience_villages", []).append(_("Desa peserta harus desa di kecamatan forum ini."))
    if audience == Event.Audience.GAP:
        framework = Framework.current(forum=forum)
        code = (data.get("audience_competency") or "").strip()
        if not code or framework is None or not Competency.objects.filter(framework=framework, code=code).exists():
            errors.setdefault("audience_competency", []).append(
                _("Pilih kompetensi yang kesenjangannya menjadi sasaran."))
    if errors:
        raise ValidationError(errors)


def event_create(*, forum, created_by, competencies: Sequence = (), audience_villages: Sequence = (),
                 record_held: bool = False, now: datetime.datetime | None = None, **data) -> Event:
    """A new event, as a draft; with ``record_held`` a meeting that already took place, recorded
    as held (terlaksana) at once (see event_record_held)."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    _event_validate(forum=forum, data=data, villages=audience_villages, competencies=competencies)
    now = now or timezone.now()
    if record_held and data["ends_at"] > now:
        raise ValidationError({"ends_at": _("Kegiatan yang dicatat sebagai terlaksana harus sudah selesai. "
                                            "Untuk kegiatan yang akan datang, simpan sebagai draf lalu umumkan.")})
    with transaction.atomic():
        event = Event(forum=forum, created_by=created_by, **data)
        event.title = event.title.strip()
        if event.audience != Event.Audience.GAP:
            event.audience_competency = ""
        event.save()
        event.competencies.set(competencies)
        event.audience_villages.set(audience_villages if event.audience == Event.Audience.VILLAGES else [])
        if record_held:
            event = event_record_held(event=event, by=created_by, now=now)
    return event


def event_record_held(*, event: Event, by, now: datetime.datetime | None = None) -> Event:
    """Record a draft that has already ended as a meeting that took place (terlaksana), without
    inviting anyone: its attendance, minutes and certificates can then be written up."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != Event.Status.DRAFT:
            raise ValidationError(_("Hanya draf kegiatan yang dapat dicatat sebagai terlaksana."))
        if event.ends_at > now:
            raise ValidationError(_("Kegiatan ini belum selesai. Umumkan untuk mengundang peserta, atau catat "
                                    "sebagai terlaksana setelah kegiatan selesai."))
        event.status = Event.Status.HELD
        event.save(update_fields=["status"])  # the history row records who and when
    return event


def event_update(*, event: Event, competencies: Sequence = (), audience_villages: Sequence = (), **data) -> Event:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Kegiatan yang dibatalkan tidak dapat diubah."))
    if event.status == Event.Status.HELD and data.get("ends_at") and data["ends_at"] > timezone.now():
        raise ValidationError({"ends_at": _("Kegiatan yang sudah terlaksana harus selesai sebelum sekarang.")})
    _event_validate(forum=event.forum, data=data, villages=audience_villages, competencies=competencies)
    if event.status == Event.Status.PUBLISHED and data.get("audience", event.audience) != event.audience:
        raise ValidationError({"audience": _("Peserta tidak dapat diubah setelah undangan dikirim.")})
    with transaction.atomic():
        for key, value in data.items():
            setattr(event, key, value)
        event.save()
        event.competencies.set(competencies)
        event.audience_villages.set(audience_villages if event.audience == Event.Audience.VILLAGES else [])
    return event


def event_publish(*, event: Event, by, now: datetime.datetime | None = None) -> int:
    """Announce the event: invite the audience (Registration rows), issue the invitation letter
    (undangan) PDF and plan the invitation messages. Returns the number of people invited."""
    now = now or timezone.now()
    today = local_date(now)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("forum__district").get(pk=event.pk)
        if event.status != Event.Status.DRAFT:
            raise ValidationError(_("Kegiatan ini sudah diumumkan atau dibatalkan."))
        if event.starts_at <= now:
            raise ValidationError(_("Kegiatan yang sudah dimulai tidak dapat diumumkan lagi."))
        ids = audience_ids(event=event, day=today)
        if not ids:
            raise ValidationError(_("Tidak ada peserta yang cocok dengan sasaran kegiatan ini."))
        Registration.objects.bulk_create([Registration(event=event, person_id=pk) for pk in ids],
                                         ignore_conflicts=True)
        event.status = Event.Status.PUBLISHED
        event.published_at = now
        event.save(update_fields=["status", "published_at"])
        letter = invitation_letter_issue(event=event, day=today)
        log_action(actor=by, action=AuditAction.DOCUMENT_ISSUED, obj=event,
                   data={"document": letter.pk, "kind": letter.kind, "number": letter.number})
        deliveries_plan(messages=invitation_messages(event=event, person_ids=ids), now=now)
    return len(ids)


def invitation_messages(*, event: Event, person_ids: Sequence[int]) -> list[Message]:
    """The invitation (notifications/messages/event_invitation.txt) to each person; its e-mail carries
    the invitation letter and the calendar request, made when it is sent (trainings/attachments.py)."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    deadline = ""
    if event.registration_deadline:
        local = timezone.localtime(event.registration_deadline)
        deadline = _("%(date)s pukul %(time)s WIB") % {"date": tanggal_panjang(local.date()),
                                                       "time": f"{local:%H.%M}"}
    context = {
        "kind": event.get_kind_display(), "kind_lower": event.get_kind_display().lower(), "title": event.title,
        "date": tanggal_panjang(start.date()) + (f" s.d. {tanggal_panjang(end.date())}"
                                                 if end.date() != start.date() else ""),
        "time": f"{start:%H.%M}", "end_time": f"{end:%H.%M}", "venue": event.venue or _("Daring"),
        "online_url": event.online_url, "deadline": deadline, "description": event.description.strip(),
        "forum": f"{event.forum.short_name} {event.forum.district.name}",
    }
    return [Message(key=f"event:{event.pk}:invite", slot="invite", recipient_id=pk, kind="event_invitation",
                    context=context, url=event_url(event), forum_id=event.forum_id,
                    attachments=(f"event-undangan:{event.pk}", f"event-ics:{event.pk}")) for pk in person_ids]


def event_cancel(*, event: Event, by) -> Event:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("Kegiatan ini sudah dibatalkan."))
        if event.status == Event.Status.HELD or event.ends_at <= timezone.now():
            raise ValidationError(_("Kegiatan yang sudah berlangsung tidak dapat dibatalkan."))
        if event.attendances.exists():
            raise ValidationError(_("Kegiatan yang sudah ada daftar hadirnya tidak dapat dibatalkan."))
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status"])
    return event


def speaker_add(*, event: Event, user=None, name: str = "", institution: str = "", topic: str = "") -> Speaker:
    name, institution, topic = name.strip(), institution.strip(), topic.strip()
    if user is None and not name:
        raise ValidationError({"name": _("Pilih anggota atau isi nama narasumber dari luar.")})
    if user is not None and name:
        raise ValidationError({"name": _("Pilih anggota atau isi nama dari luar, jangan keduanya.")})
    if user is None and not institution:
        raise ValidationError({"institution": _("Isi instansi narasumber dari luar.")})
    with transaction.atomic():
        return Speaker.objects.create(event=event, user=user, name=name, institution=institution, topic=topic)


def speaker_remove(*, speaker: Speaker) -> None:
    with transaction.atomic():
        speaker.delete()


def material_add(*, event: Event, title: str, uploaded, by) -> Material:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Isi judul materi.")})
    try:
        checked = check_upload(uploaded, kinds=("pdf", "image", "office"))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic():
        material = Material(event=event, title=title[:200], uploaded_by=by)
        checked.attach(material, "file")
        material.save()
    return material
