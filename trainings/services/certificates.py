"""Certificates of a training (one per attendee, numbered and stored; made in bulk by a Celery
task whose progress the board sees) and the participants' feedback."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.tasks import enqueue_on_commit
from members.models import AuditAction
from members.services import log_action

from ..models import Attendance, Certificate, CertificateRun, Event, Feedback, IssuedDocument
from ..selectors.people import local_date
from .documents import certificate_render, document_number, new_code

# The task module imports this one; the run is enqueued by the task's registered name.
GENERATE_TASK = "trainings.tasks.certificates_generate"


def certificate_issue(*, event: Event, attendance: Attendance, day: datetime.date, render: bool = True) -> Certificate:
    """Number and store one certificate; the PDF is rendered now (or on first download when
    ``render`` is False, e.g. for imported history)."""
    with transaction.atomic():
        number = document_number(forum=event.forum, kind=IssuedDocument.Kind.SERTIFIKAT, day=day)
        document = IssuedDocument.objects.create(forum=event.forum, event=event, kind=IssuedDocument.Kind.SERTIFIKAT,
                                                 issued_on=day, code=new_code(), number=number)
        certificate = Certificate.objects.create(event=event, person_id=attendance.person_id,
                                                 village_id=attendance.village_id, number=number, document=document)
        if render:
            certificate_render(certificate=certificate)
    return certificate


def _certificate_pending(event: Event):
    """Who receives a certificate: those recorded present (hadir) who have none yet."""
    done = Certificate.objects.filter(event=event).values("person_id")
    return (event.attendances.filter(status=Attendance.Status.HADIR).exclude(person_id__in=done)
            .select_related("person", "village").order_by("village__name", "person__full_name"))


def certificate_run_start(*, event: Event, by, now: datetime.datetime | None = None) -> CertificateRun:
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
        log_action(actor=by, action=AuditAction.CERTIFICATE_RUN_STARTED, obj=event,
                   data={"run": run.pk, "total": pending})
        enqueue_on_commit(GENERATE_TASK, run.pk)
    return run


def certificate_run_execute(*, run_id: int, now: datetime.datetime | None = None) -> CertificateRun:
    """The Celery task's work: one certificate per attendee, progress saved after each one."""
    with transaction.atomic():
        run = CertificateRun.objects.select_for_update().select_related("event__forum").get(pk=run_id)
        if run.status == CertificateRun.Status.DONE:
            return run
        # RUNNING here means a worker died mid-run and the task was delivered again (acks_late):
        # carry on; certificates already issued are skipped and cannot be issued twice.
        run.status = CertificateRun.Status.RUNNING
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["status", "heartbeat_at"])
    event = run.event
    day = local_date(event.ends_at)  # the certificate carries the date the training ended
    issued = 0
    try:
        for attendance in list(_certificate_pending(event)):
            try:
                certificate_issue(event=event, attendance=attendance, day=day)
                issued += 1
            except IntegrityError:
                pass  # issued meanwhile by another run
            CertificateRun.objects.filter(pk=run.pk).update(done=F("done") + 1, heartbeat_at=timezone.now())
    except Exception as exc:
        CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.FAILED, error=str(exc)[:2000],
                                                        finished_at=timezone.now())
        raise
    with transaction.atomic():
        CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.DONE, finished_at=timezone.now())
        if issued:
            log_action(actor=run.requested_by, action=AuditAction.CERTIFICATE_ISSUED, obj=event,
                       data={"run": run.pk, "count": issued})
    run.refresh_from_db()
    return run


def feedback_submit(*, event: Event, person, rating, comments: str = "",
                    now: datetime.datetime | None = None) -> Feedback:
    """Feedback of a participant recorded present, once, after the event has started."""
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
