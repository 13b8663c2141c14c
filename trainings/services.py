"""Writes for trainings and meetings.

Every function is keyword-only, runs in one transaction and raises ValidationError with an
Indonesian message for bad input, leaving nothing half-saved.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import secrets
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.tasks import enqueue_on_commit
from members.selectors import actor_for

from .models import (
    AgendaItem,
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    Feedback,
    FollowUp,
    IssuedDocument,
    Material,
    Minutes,
    Registration,
    Speaker,
)

CHECKIN_MINUTES = 10  # a check-in code is valid this long; the organiser's screen rotates it
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DOC_CODES = {IssuedDocument.Kind.UNDANGAN: "UND", IssuedDocument.Kind.NOTULEN: "NOT",
             IssuedDocument.Kind.SERTIFIKAT: "SERT"}


# Helpers ------------------------------------------------------------------------------------------

def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def event_url(event_or_pk) -> str:
    pk = getattr(event_or_pk, "pk", event_or_pk)
    return reverse("trainings:event_detail", args=[pk])


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("trainings:verify", args=[code])


def audience_ids(*, event: Event, day: datetime.date | None = None) -> list[int]:
    """User ids invited to the event: the serving secretaries of all or the chosen villages, or
    those with a gap in the chosen competency (competency.selectors.people_with_gap)."""
    from members.models import SecretaryTenure

    day = day or timezone.localdate()
    if event.audience == Event.Audience.GAP:
        from competency.selectors import people_with_gap

        return list(people_with_gap(forum=event.forum, competency_code=event.audience_competency))
    tenures = SecretaryTenure.objects.held_on(day).filter(village__district_id=event.forum.district_id)
    if event.audience == Event.Audience.VILLAGES:
        tenures = tenures.filter(village__in=event.audience_villages.all())
    return list(dict.fromkeys(tenures.order_by("village__name").values_list("user_id", flat=True)))


def people_context(*, forum, person_ids: Iterable[int], day: datetime.date) -> dict[int, tuple[int | None, str]]:
    """Per person, (village id, position label) on a day: the snapshot kept on attendance rows
    for the daftar hadir. Four queries whatever the number of people."""
    from members.models import BoardPosition, FacilitatorAssignment, KecamatanStaff, SecretaryTenure

    ids = set(person_ids)
    result: dict[int, tuple[int | None, str]] = {pk: (None, _("Peserta")) for pk in ids}
    for user_id, label in FacilitatorAssignment.objects.filter(user_id__in=ids).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
    ).values_list("user_id", "role"):
        result[user_id] = (None, FacilitatorAssignment.Role(label).label)
    for user_id, position in KecamatanStaff.objects.filter(user_id__in=ids, district_id=forum.district_id).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
    ).values_list("user_id", "position"):
        result[user_id] = (None, str(KecamatanStaff.Position(position).label))
    village_of: dict[int, tuple[int, str]] = {}
    for user_id, village_id, status in SecretaryTenure.objects.held_on(day).filter(
        user_id__in=ids).values_list("user_id", "village_id", "status"):
        acting = {"plt": "Plt. ", "pj": "Pj. "}.get(status, "")
        village_of[user_id] = (village_id, f"{acting}{_('Sekretaris Desa')}")
        result[user_id] = village_of[user_id]
    for user_id, position, field in BoardPosition.objects.filter(
        forum=forum, user_id__in=ids, period_start__lte=day, period_end__gte=day
    ).values_list("user_id", "position", "field"):
        village_id = village_of.get(user_id, (None, ""))[0]
        label = str(BoardPosition.Position(position).label) + (f" {field}" if field else "")
        result[user_id] = (village_id, f"{label} {forum.short_name}")
    return result


def _document_number(*, forum, kind: str, day: datetime.date) -> str:
    """NNN/UND/FOKUSS/III/2026: running number per forum, kind and year. A corrected minutes
    keeps its original number with "/Rev.N" and takes no number of its own."""
    from members.models import Forum

    Forum.objects.select_for_update().filter(pk=forum.pk).first()  # serialise numbering per forum
    count = (IssuedDocument.objects.filter(forum=forum, kind=kind, issued_on__year=day.year)
             .exclude(minutes__supersedes__isnull=False).count())
    return f"{count + 1:03d}/{DOC_CODES[kind]}/{forum.short_name}/{ROMAN[day.month - 1]}/{day.year}"


def _store_pdf(document: IssuedDocument, pdf: bytes, filename: str) -> IssuedDocument:
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.file.save(filename, ContentFile(pdf), save=False)
    document.save()
    return document


def _new_code() -> str:
    return secrets.token_urlsafe(12)


# Events -------------------------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "title", "description", "starts_at", "ends_at", "venue", "map_url", "online_url",
                "audience", "audience_competency", "capacity", "registration_deadline", "hours", "agenda",
                "invitation_subject")


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
            _("Batas pendaftaran tidak boleh sesudah kegiatan dimulai."))
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
        from competency.models import Competency, Framework

        framework = Framework.current(forum=forum)
        code = (data.get("audience_competency") or "").strip()
        if not code or framework is None or not Competency.objects.filter(framework=framework, code=code).exists():
            errors.setdefault("audience_competency", []).append(
                _("Pilih kompetensi yang kesenjangannya menjadi sasaran."))
    if errors:
        raise ValidationError(errors)


def event_create(*, forum, created_by, competencies: Sequence = (), audience_villages: Sequence = (),
                 **data) -> Event:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    _event_validate(forum=forum, data=data, villages=audience_villages, competencies=competencies)
    with transaction.atomic():
        event = Event(forum=forum, created_by=created_by, **data)
        event.title = event.title.strip()
        if event.audience != Event.Audience.GAP:
            event.audience_competency = ""
        event.save()
        event.competencies.set(competencies)
        event.audience_villages.set(audience_villages if event.audience == Event.Audience.VILLAGES else [])
    return event


def event_update(*, event: Event, competencies: Sequence = (), audience_villages: Sequence = (), **data) -> Event:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Kegiatan yang dibatalkan tidak dapat diubah."))
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
    from notifications.services import Message, deliveries_plan

    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("forum__district").get(pk=event.pk)
        if event.status != Event.Status.DRAFT:
            raise ValidationError(_("Kegiatan ini sudah diumumkan atau dibatalkan."))
        if event.starts_at <= now:
            raise ValidationError(_("Kegiatan yang sudah dimulai tidak dapat diumumkan lagi."))
        ids = audience_ids(event=event, day=timezone.localtime(now).date())
        if not ids:
            raise ValidationError(_("Tidak ada peserta yang cocok dengan sasaran kegiatan ini."))
        Registration.objects.bulk_create([Registration(event=event, person_id=pk) for pk in ids],
                                         ignore_conflicts=True)
        event.status = Event.Status.PUBLISHED
        event.published_at = now
        event.save(update_fields=["status", "published_at"])
        invitation_letter_issue(event=event, day=timezone.localtime(now).date())
        start = timezone.localtime(event.starts_at)
        from fokuss.terbilang import tanggal_panjang

        deadline = (_(" Mohon konfirmasi kehadiran sebelum %(d)s.")
                    % {"d": tanggal_panjang(local_date(event.registration_deadline))}
                    if event.registration_deadline else "")
        body = _("%(kind)s \"%(title)s\" pada %(date)s pukul %(time)s WIB di %(venue)s.") % {
            "kind": event.get_kind_display(), "title": event.title, "date": tanggal_panjang(start.date()),
            "time": start.strftime("%H.%M"), "venue": event.venue or event.online_url} + deadline
        url = event_url(event)
        deliveries_plan(messages=[
            Message(key=f"event:{event.pk}:invite", slot="invite", recipient_id=pk,
                    subject=_("Undangan: %(title)s") % {"title": event.title}, body=body, url=url,
                    forum_id=event.forum_id) for pk in ids
        ], now=now)
    return len(ids)


def event_cancel(*, event: Event, by) -> Event:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("Kegiatan ini sudah dibatalkan."))
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
    from fokuss.uploads import check_upload

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


# RSVP ---------------------------------------------------------------------------------------------

def _hadir_count(event: Event, *, exclude_pk: int | None = None) -> int:
    qs = event.registrations.filter(response=Registration.Response.HADIR)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def _promote_waiting(event: Event, *, now: datetime.datetime) -> Registration | None:
    """Give a freed seat to the first person on the waiting list and tell them."""
    from notifications.services import Message, deliveries_plan

    if event.capacity is not None and _hadir_count(event) >= event.capacity:
        return None
    first = (event.registrations.select_for_update().filter(response=Registration.Response.WAITING)
             .order_by("waitlisted_at", "pk").first())
    if first is None:
        return None
    first.response = Registration.Response.HADIR
    first.save(update_fields=["response"])
    deliveries_plan(messages=[Message(
        key=f"event:{event.pk}:waitlist", slot=f"promoted:{first.person_id}", recipient_id=first.person_id,
        subject=_("Anda mendapat tempat: %(title)s") % {"title": event.title},
        body=_("Ada peserta yang batal. Anda sekarang terdaftar hadir di \"%(title)s\".") % {"title": event.title},
        url=event_url(event), forum_id=event.forum_id)], now=now)
    return first


def rsvp_respond(*, event: Event, person, response: str, reason: str = "",
                 now: datetime.datetime | None = None) -> Registration:
    """Answer an invitation: hadir (or the waiting list when the event is full), izin with a
    reason, tidak hadir. A seat given up goes to the first person on the waiting list."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    choices = {Registration.Response.HADIR, Registration.Response.IZIN, Registration.Response.TIDAK_HADIR}
    if response not in choices:
        raise ValidationError({"response": _("Pilih hadir, izin atau tidak hadir.")})
    if response == Registration.Response.IZIN and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan izin.")})
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not actor_for(person, today=local_date(now)).member_of(event.forum_id):
            raise ValidationError(_("Anda bukan anggota forum penyelenggara kegiatan ini."))
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Kegiatan ini belum dibuka atau sudah dibatalkan."))
        deadline = event.registration_deadline or event.starts_at
        if now > deadline:
            raise ValidationError(_("Batas konfirmasi kehadiran sudah lewat (%(d)s).")
                                  % {"d": timezone.localtime(deadline).strftime("%d-%m-%Y %H.%M")})
        registration, _created = Registration.objects.select_for_update().get_or_create(
            event=event, person=person, defaults={"invited": False})
        previous = registration.response
        registration.reason = reason if response == Registration.Response.IZIN else ""
        registration.responded_at = now
        if response == Registration.Response.HADIR:
            if previous in (Registration.Response.HADIR, Registration.Response.WAITING):
                pass  # keep the seat or the place in the queue
            elif event.capacity is not None and _hadir_count(event, exclude_pk=registration.pk) >= event.capacity:
                registration.response = Registration.Response.WAITING
                registration.waitlisted_at = now
            else:
                registration.response = Registration.Response.HADIR
        else:
            registration.response = response
            registration.waitlisted_at = None
        registration.save()
        if previous == Registration.Response.HADIR and registration.response != Registration.Response.HADIR:
            _promote_waiting(event, now=now)
    return registration


# Attendance ---------------------------------------------------------------------------------------

def checkin_code_rotate(*, event: Event, now: datetime.datetime | None = None,
                        minutes: int = CHECKIN_MINUTES) -> Event:
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Presensi hanya untuk kegiatan yang sudah diumumkan."))
    if now > event.ends_at + datetime.timedelta(hours=2):
        raise ValidationError(_("Kegiatan sudah selesai; catat kehadiran secara manual."))
    with transaction.atomic():
        event.checkin_code = secrets.token_hex(4)
        event.checkin_expires_at = now + datetime.timedelta(minutes=minutes)
        event.save(update_fields=["checkin_code", "checkin_expires_at"])
    return event


def checkin_code_current(*, event: Event, now: datetime.datetime | None = None) -> Event:
    """The code shown on the organiser's screen: rotated when less than two minutes are left."""
    now = now or timezone.now()
    if not event.checkin_code or not event.checkin_expires_at or event.checkin_expires_at - now < datetime.timedelta(
            minutes=2):
        return checkin_code_rotate(event=event, now=now)
    return event


def _attendance_upsert(*, event: Event, person_id: int, status: str, by, method: str,
                       arrived_at: datetime.datetime | None, note: str, day: datetime.date) -> Attendance:
    village_id, label = people_context(forum=event.forum, person_ids=[person_id], day=day)[person_id]
    row, created = Attendance.objects.select_for_update().get_or_create(
        event=event, person_id=person_id,
        defaults={"status": status, "method": method, "arrived_at": arrived_at, "note": note, "recorded_by": by,
                  "village_id": village_id, "position_label": label})
    if not created:
        row.status = status
        row.method = method if status == Attendance.Status.HADIR else Attendance.Method.MANUAL
        row.arrived_at = (row.arrived_at or arrived_at) if status == Attendance.Status.HADIR else None
        row.note = note
        row.recorded_by = by
        row.recorded_at = timezone.now()
        row.save()
    return row


def checkin_scan(*, event: Event, person, code: str, now: datetime.datetime | None = None) -> Attendance:
    """A participant scanned the organiser's QR code while signed in."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("forum").get(pk=event.pk)
        if not actor_for(person, today=local_date(now)).member_of(event.forum_id):
            raise ValidationError(_("Anda bukan anggota forum penyelenggara kegiatan ini."))
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(_("Kegiatan ini belum dibuka atau sudah dibatalkan."))
        if not code or not secrets.compare_digest(code, event.checkin_code or ""):
            raise ValidationError(_("Kode presensi tidak dikenal. Pindai ulang kode QR di layar panitia."))
        if event.checkin_expires_at is None or now > event.checkin_expires_at:
            raise ValidationError(_("Kode presensi sudah kedaluwarsa. Pindai ulang kode QR terbaru di layar panitia."))
        existing = Attendance.objects.filter(event=event, person=person, status=Attendance.Status.HADIR).first()
        if existing:
            return existing
        return _attendance_upsert(event=event, person_id=person.pk, status=Attendance.Status.HADIR, by=person,
                                  method=Attendance.Method.QR, arrived_at=now, note="", day=local_date(now))


def attendance_mark(*, event: Event, person_id: int, status: str, by, arrived_at: datetime.datetime | None = None,
                    note: str = "", now: datetime.datetime | None = None) -> Attendance:
    now = now or timezone.now()
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Pilih status hadir, izin, sakit atau alpa.")})
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Kegiatan ini belum dibuka atau sudah dibatalkan."))
    if now < event.starts_at - datetime.timedelta(hours=3):
        raise ValidationError(_("Kehadiran baru dapat dicatat pada hari kegiatan."))
    if status == Attendance.Status.HADIR and arrived_at is None:
        arrived_at = min(now, event.ends_at)
    with transaction.atomic():
        if not event.registrations.filter(person_id=person_id).exists():
            from members.models import User

            person = User.objects.filter(pk=person_id).first()
            if person is None or not actor_for(person, today=local_date(now)).member_of(event.forum_id):
                raise ValidationError(_("Orang ini bukan peserta atau anggota forum."))
        return _attendance_upsert(event=event, person_id=person_id, status=status, by=by,
                                  method=Attendance.Method.MANUAL, arrived_at=arrived_at, note=(note or "")[:200],
                                  day=local_date(event.starts_at))


def attendance_fill_absent(*, event: Event, by, now: datetime.datetime | None = None) -> int:
    """After the event: everyone invited without an attendance row becomes izin (when they sent
    izin) or alpa. Returns the number of rows created."""
    now = now or timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Kegiatan belum dimulai."))
    with transaction.atomic():
        recorded = set(event.attendances.values_list("person_id", flat=True))
        pending = list(event.registrations.exclude(person_id__in=recorded).values_list("person_id", "response",
                                                                                       "reason"))
        day = local_date(event.starts_at)
        context = people_context(forum=event.forum, person_ids=[p for p, _r, _x in pending], day=day)
        rows = []
        for person_id, response, reason in pending:
            status = Attendance.Status.IZIN if response == Registration.Response.IZIN else Attendance.Status.ALPA
            village_id, label = context[person_id]
            rows.append(Attendance(event=event, person_id=person_id, status=status, note=reason[:200],
                                   recorded_by=by, village_id=village_id, position_label=label))
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def attendance_scores(*, attendance: Attendance, pre_score, post_score) -> Attendance:
    values = []
    for value in (pre_score, post_score):
        if value in (None, ""):
            values.append(None)
            continue
        try:
            number = decimal.Decimal(str(value))
        except decimal.InvalidOperation as exc:
            raise ValidationError(_("Nilai harus berupa angka 0–100.")) from exc
        if not 0 <= number <= 100:
            raise ValidationError(_("Nilai harus berupa angka 0–100."))
        values.append(number)
    with transaction.atomic():
        attendance.pre_score, attendance.post_score = values
        attendance.save(update_fields=["pre_score", "post_score"])
    return attendance


# Minutes ------------------------------------------------------------------------------------------

def minutes_start(*, event: Event, by) -> Minutes:
    """The first draft, with the agenda of the event and the ketua as chair."""
    from members.selectors import board_signatory

    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("forum").get(pk=event.pk)
        if event.minutes.exists():
            raise ValidationError(_("Notulen kegiatan ini sudah ada."))
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(_("Kegiatan ini dibatalkan."))
        minutes = Minutes.objects.create(
            event=event, revision=1, notulis=by,
            chair=board_signatory(forum=event.forum, position="ketua", today=local_date(event.starts_at)),
            opening=_("Rapat dibuka oleh pimpinan rapat dengan salam dan doa bersama."),
        )
        for position, title in enumerate(event.agenda_items or [event.title], start=1):
            AgendaItem.objects.create(minutes=minutes, position=position, title=title[:300])
    return minutes


def minutes_save(*, minutes: Minutes, by, chair, notulis, opening: str, closing: str,
                 items: list[dict]) -> Minutes:
    """Replace the content of a draft. ``items``: [{title, discussion, decision, follow_ups:
    [{what, owner, due_on}]}]."""
    errors: list[str] = []
    clean = []
    for index, item in enumerate(items, start=1):
        title = (item.get("title") or "").strip()
        follow_ups = [f for f in item.get("follow_ups", []) if (f.get("what") or "").strip()]
        if not title:
            if item.get("discussion") or item.get("decision") or follow_ups:
                errors.append(_("Mata acara nomor %(n)d belum diberi judul.") % {"n": index})
            continue
        for f in follow_ups:
            if f.get("owner") is None:
                errors.append(_("Tindak lanjut \"%(what)s\" belum punya penanggung jawab.") % {"what": f["what"]})
        clean.append((title, item, follow_ups))
    if not clean:
        errors.append(_("Notulen harus memuat minimal satu mata acara."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.is_final:
            raise ValidationError(_("Notulen ini sudah final dan tidak dapat diubah. Buat koreksi (revisi baru)."))
        # links to action items already created by an earlier revision survive the rewrite
        links = {(f.what, f.owner_id): f.action_item_id
                 for f in FollowUp.objects.filter(item__minutes=minutes, action_item__isnull=False)}
        minutes.items.all().delete()
        for position, (title, item, follow_ups) in enumerate(clean, start=1):
            row = AgendaItem.objects.create(minutes=minutes, position=position, title=title[:300],
                                            discussion=(item.get("discussion") or "").strip(),
                                            decision=(item.get("decision") or "").strip())
            FollowUp.objects.bulk_create([
                FollowUp(item=row, what=f["what"].strip()[:300], owner=f["owner"], due_on=f.get("due_on"),
                         action_item_id=links.get((f["what"].strip()[:300], f["owner"].pk)))
                for f in follow_ups
            ])
        minutes.chair, minutes.notulis = chair, notulis
        minutes.opening, minutes.closing = (opening or "").strip(), (closing or "").strip()
        minutes.updated_at = timezone.now()
        minutes.save()
    return minutes


def minutes_finalise(*, minutes: Minutes, by, now: datetime.datetime | None = None, render: bool = True) -> Minutes:
    """Lock the minutes: give them a number, turn follow-ups into action items on the owners'
    "Tugas saya" page, and issue the PDF (stored with its SHA-256)."""
    from actions.services import action_item_create

    now = now or timezone.now()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("event__forum").get(pk=minutes.pk)
        event = minutes.event
        if minutes.is_final:
            raise ValidationError(_("Notulen ini sudah final."))
        problems = []
        if minutes.chair_id is None:
            problems.append(_("Isi pimpinan rapat."))
        if minutes.notulis_id is None:
            problems.append(_("Isi notulis."))
        if not minutes.items.exists():
            problems.append(_("Notulen harus memuat minimal satu mata acara."))
        if now < event.starts_at:
            problems.append(_("Rapat belum berlangsung."))
        if problems:
            raise ValidationError(problems)
        day = timezone.localtime(now).date()
        if minutes.supersedes_id:
            base = minutes.supersedes.number.split("/Rev.")[0]
            minutes.number = f"{base}/Rev.{minutes.revision}"
        else:
            minutes.number = _document_number(forum=event.forum, kind=IssuedDocument.Kind.NOTULEN, day=day)
        minutes.status = Minutes.Status.FINAL
        minutes.finalised_at, minutes.finalised_by = now, by
        minutes.save()
        url = reverse("trainings:minutes_detail", args=[minutes.pk])
        for follow_up in FollowUp.objects.filter(item__minutes=minutes, action_item__isnull=True).select_related(
                "owner"):
            follow_up.action_item = action_item_create(
                forum=event.forum, owner=follow_up.owner, title=follow_up.what, due_on=follow_up.due_on,
                source=follow_up, source_label=f"Notulen {event.title}", source_url=url, created_by=by)
            follow_up.save(update_fields=["action_item"])
        minutes_document_issue(minutes=minutes, day=day, render=render)
    return minutes


def minutes_correct(*, minutes: Minutes, by, note: str) -> Minutes:
    """A correction of final minutes: a new draft revision with the same content; the final
    revision stays readable."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"correction_note": _("Tuliskan alasan koreksi.")})
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if not minutes.is_final:
            raise ValidationError(_("Hanya notulen final yang dikoreksi; draf dapat diubah langsung."))
        if Minutes.objects.filter(event_id=minutes.event_id, revision__gt=minutes.revision).exists():
            raise ValidationError(_("Sudah ada revisi yang lebih baru."))
        new = Minutes.objects.create(
            event_id=minutes.event_id, revision=minutes.revision + 1, chair=minutes.chair, notulis=minutes.notulis,
            opening=minutes.opening, closing=minutes.closing, supersedes=minutes, correction_note=note[:300])
        for item in minutes.items.prefetch_related("follow_ups"):
            copy = AgendaItem.objects.create(minutes=new, position=item.position, title=item.title,
                                             discussion=item.discussion, decision=item.decision)
            FollowUp.objects.bulk_create([
                FollowUp(item=copy, what=f.what, owner_id=f.owner_id, due_on=f.due_on, action_item_id=f.action_item_id)
                for f in item.follow_ups.all()
            ])
    return new


# Documents ----------------------------------------------------------------------------------------

def invitation_letter_issue(*, event: Event, day: datetime.date) -> IssuedDocument:
    from fokuss.pdf import render_pdf

    from . import selectors

    document = IssuedDocument.objects.create(
        forum=event.forum, event=event, kind=IssuedDocument.Kind.UNDANGAN, issued_on=day, code=_new_code(),
        number=_document_number(forum=event.forum, kind=IssuedDocument.Kind.UNDANGAN, day=day))
    pdf = render_pdf(template_name="pdf/trainings/undangan.html",
                     context=selectors.invitation_context(event=event, document=document))
    return _store_pdf(document, pdf, f"undangan-{event.pk}.pdf")


def minutes_document_issue(*, minutes: Minutes, day: datetime.date, render: bool = True) -> IssuedDocument:
    from fokuss.pdf import render_pdf

    from . import selectors

    document = IssuedDocument.objects.create(
        forum=minutes.event.forum, event=minutes.event, kind=IssuedDocument.Kind.NOTULEN, issued_on=day,
        code=_new_code(), number=minutes.number, minutes=minutes)
    if not render:
        return document
    pdf = render_pdf(template_name="pdf/trainings/notulen.html",
                     context=selectors.minutes_context(minutes=minutes, document=document))
    return _store_pdf(document, pdf, f"notulen-{minutes.event_id}-rev{minutes.revision}.pdf")


def certificate_issue(*, event: Event, attendance: Attendance, day: datetime.date, render: bool = True) -> Certificate:
    """Number and store one certificate; the PDF is rendered now (or on first download when
    ``render`` is False, e.g. for imported history)."""
    with transaction.atomic():
        number = _document_number(forum=event.forum, kind=IssuedDocument.Kind.SERTIFIKAT, day=day)
        document = IssuedDocument.objects.create(forum=event.forum, event=event, kind=IssuedDocument.Kind.SERTIFIKAT,
                                                 issued_on=day, code=_new_code(), number=number)
        certificate = Certificate.objects.create(event=event, person_id=attendance.person_id,
                                                 village_id=attendance.village_id, number=number, document=document)
        if render:
            certificate_render(certificate=certificate)
    return certificate


def certificate_render(*, certificate: Certificate) -> IssuedDocument:
    from fokuss.pdf import render_pdf

    from . import selectors

    attendance = Attendance.objects.select_related("person", "village").get(event_id=certificate.event_id,
                                                                            person_id=certificate.person_id)
    pdf = render_pdf(template_name="pdf/trainings/sertifikat.html",
                     context=selectors.certificate_context(certificate=certificate, attendance=attendance))
    with transaction.atomic():
        return _store_pdf(certificate.document, pdf, f"sertifikat-{certificate.event_id}-{certificate.person_id}.pdf")


def document_ensure_file(*, document: IssuedDocument) -> IssuedDocument:
    """Official PDFs are stored once; one that was never rendered (imported history) is rendered
    and stored on first use, with its SHA-256."""
    if document.file:
        return document
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if document.file:
            return document
        if document.kind == IssuedDocument.Kind.SERTIFIKAT:
            return certificate_render(certificate=document.certificate)
        if document.kind == IssuedDocument.Kind.NOTULEN:
            from fokuss.pdf import render_pdf

            from . import selectors

            pdf = render_pdf(template_name="pdf/trainings/notulen.html",
                             context=selectors.minutes_context(minutes=document.minutes, document=document))
            return _store_pdf(document, pdf, f"notulen-{document.event_id}-rev{document.minutes.revision}.pdf")
        from fokuss.pdf import render_pdf

        from . import selectors

        pdf = render_pdf(template_name="pdf/trainings/undangan.html",
                         context=selectors.invitation_context(event=document.event, document=document))
        return _store_pdf(document, pdf, f"undangan-{document.event_id}.pdf")


def certificate_run_start(*, event: Event, by, now: datetime.datetime | None = None) -> CertificateRun:
    from .tasks import certificates_generate

    now = now or timezone.now()
    if not event.is_training:
        raise ValidationError(_("Sertifikat hanya untuk pelatihan / bimtek dan studi banding."))
    if now < event.ends_at:
        raise ValidationError(_("Sertifikat dibuat setelah pelatihan selesai."))
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if event.certificate_runs.filter(status__in=[CertificateRun.Status.QUEUED,
                                                     CertificateRun.Status.RUNNING]).exists():
            raise ValidationError(_("Pembuatan sertifikat sedang berjalan."))
        pending = _certificate_pending(event).count()
        if not pending:
            raise ValidationError(_("Semua peserta yang hadir sudah mendapat sertifikat."))
        run = CertificateRun.objects.create(event=event, total=pending, requested_by=by)
        enqueue_on_commit(certificates_generate, run.pk)
    return run


def _certificate_pending(event: Event):
    done = Certificate.objects.filter(event=event).values("person_id")
    return (event.attendances.filter(status=Attendance.Status.HADIR).exclude(person_id__in=done)
            .select_related("person", "village").order_by("village__name", "person__full_name"))


def certificate_run_execute(*, run_id: int, now: datetime.datetime | None = None) -> CertificateRun:
    """The Celery task's work: one certificate per attendee, progress saved after each one."""
    now = now or timezone.now()
    with transaction.atomic():
        run = CertificateRun.objects.select_for_update().select_related("event__forum").get(pk=run_id)
        if run.status == CertificateRun.Status.DONE:
            return run
        # RUNNING here means a worker died mid-run and the task was delivered again (acks_late):
        # carry on; certificates already issued are skipped and cannot be issued twice.
        run.status = CertificateRun.Status.RUNNING
        run.save(update_fields=["status"])
    event = run.event
    day = local_date(event.ends_at)  # the certificate carries the date the training ended
    try:
        for attendance in list(_certificate_pending(event)):
            try:
                certificate_issue(event=event, attendance=attendance, day=day)
            except IntegrityError:
                pass  # issued meanwhile by another run
            CertificateRun.objects.filter(pk=run.pk).update(done=F("done") + 1)
    except Exception as exc:
        CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.FAILED, error=str(exc)[:2000],
                                                        finished_at=timezone.now())
        raise
    CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


# Feedback -----------------------------------------------------------------------------------------

def feedback_submit(*, event: Event, person, rating, comments: str = "",
                    now: datetime.datetime | None = None) -> Feedback:
    now = now or timezone.now()
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Beri penilaian 1 sampai 5.")})
    if now < event.starts_at:
        raise ValidationError(_("Umpan balik dibuka setelah kegiatan dimulai."))
    if not event.attendances.filter(person=person, status=Attendance.Status.HADIR).exists():
        raise ValidationError(_("Umpan balik hanya dari peserta yang hadir."))
    with transaction.atomic():
        if Feedback.objects.filter(event=event, person=person).exists():
            raise ValidationError(_("Anda sudah mengirim umpan balik untuk kegiatan ini."))
        return Feedback.objects.create(event=event, person=person, rating=rating, comments=(comments or "").strip())
