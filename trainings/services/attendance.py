"""Attendance: QR check-in (a rotating code on the organiser's screen), marks by the board,
absences filled in after the event, pre/post test scores. The caller has checked the policy
("event.checkin" for a participant, "event.manage" for the board)."""

from __future__ import annotations

import datetime
import decimal
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.cache import forum_version_bump
from members.selectors import forum_people

from ..models import Attendance, Event, Registration
from ..selectors.events import audience_ids
from ..selectors.people import local_date, people_context

CHECKIN_MINUTES = 10  # a check-in code is valid this long; the organiser's screen rotates it


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
    """The board records one person's attendance: someone invited, or anyone holding a post in
    the event's forum on the day of the event."""
    now = now or timezone.now()
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Pilih status hadir, izin, sakit atau alpa.")})
    if event.status not in Event.TAKES_PLACE:
        raise ValidationError(_("Kegiatan ini belum dibuka atau sudah dibatalkan."))
    if now < event.starts_at - datetime.timedelta(hours=3):
        raise ValidationError(_("Kehadiran baru dapat dicatat pada hari kegiatan."))
    if status == Attendance.Status.HADIR and arrived_at is None:
        arrived_at = min(now, event.ends_at)
    day = local_date(event.starts_at)
    with transaction.atomic():
        if not (event.registrations.filter(person_id=person_id).exists()
                or forum_people(forum=event.forum, day=day).filter(pk=person_id).exists()):
            raise ValidationError(_("Orang ini bukan peserta atau anggota forum."))
        return _attendance_upsert(event=event, person_id=person_id, status=status, by=by,
                                  method=Attendance.Method.MANUAL, arrived_at=arrived_at, note=(note or "")[:200],
                                  day=day)


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
        if event.status == Event.Status.HELD:  # nobody was invited: the audience of the day
            pending += [(pk, "", "") for pk in audience_ids(event=event, day=local_date(event.starts_at))
                        if pk not in recorded and pk not in {p for p, _r, _x in pending}]
        context = people_context(forum=event.forum, person_ids=[p for p, _r, _x in pending],
                                 day=local_date(event.starts_at))
        rows = []
        for person_id, response, reason in pending:
            status = Attendance.Status.IZIN if response == Registration.Response.IZIN else Attendance.Status.ALPA
            village_id, label = context[person_id]
            rows.append(Attendance(event=event, person_id=person_id, status=status, note=reason[:200],
                                   recorded_by=by, village_id=village_id, position_label=label))
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
        forum_version_bump(event.forum_id)  # bulk_create sends no signals (fokuss/cache.py)
    return len(rows)


def attendance_scores(*, attendance: Attendance, pre_score, post_score) -> Attendance:
    values: list[decimal.Decimal | None] = []
    for value in (pre_score, post_score):
        if value in (None, ""):
            values.append(None)
            continue
        try:
            number = decimal.Decimal(str(value).strip().replace(",", "."))
        except decimal.InvalidOperation as exc:
            raise ValidationError(_("Nilai harus berupa angka 0–100.")) from exc
        # NaN and infinity are Decimals too: comparing NaN raises, so they are refused first.
        if not number.is_finite() or not 0 <= number <= 100:
            raise ValidationError(_("Nilai harus berupa angka 0–100."))
        values.append(number.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP))
    with transaction.atomic():
        attendance.pre_score, attendance.post_score = values
        attendance.save(update_fields=["pre_score", "post_score"])
    return attendance
