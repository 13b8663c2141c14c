"""Reads of certificates: fetch-and-check, the certificates page of an event and its latest
generation run."""

from __future__ import annotations

from django.db.models import Avg, Count

from fokuss import policy
from fokuss.policy import Actor

from ..models import Attendance, Certificate, CertificateRun, Event, Feedback


def certificate_for(actor: Actor, pk, action: str = "certificate.view") -> Certificate:
    return policy.fetch(actor, action, Certificate.objects.select_related("event", "document"), pk=pk)


def certificates_page(*, event: Event) -> dict:
    """The certificates page of a training: the certificates issued, how many of those recorded
    present (hadir) have one and how many still wait, the latest generation run, feedback and
    scores."""
    feedback = event.feedback.aggregate(avg=Avg("rating"), n=Count("pk"))
    return {
        **certificate_progress(event=event),
        "issued": list(Certificate.objects.filter(event=event).select_related("person", "village")
                       .order_by("number")),
        "feedback": list(Feedback.objects.filter(event=event).select_related("person")[:100]),
        "feedback_avg": feedback["avg"], "feedback_n": feedback["n"],
        "scores": list(event.attendances.filter(status=Attendance.Status.HADIR).select_related("person", "village")
                       .order_by("village__name", "person__full_name")),
    }


def certificate_progress(*, event: Event) -> dict:
    """How far the certificates of a training are: those recorded present (hadir), how many of
    them have a certificate, how many still wait, and the latest generation run (its progress
    bar). Three queries."""
    present = event.attendances.filter(status=Attendance.Status.HADIR)
    attendees = present.count()
    certified = Certificate.objects.filter(event=event, person_id__in=present.values("person_id")).count()
    run = CertificateRun.objects.filter(event=event).order_by("-created_at").first()
    return {"attendees": attendees, "certified": certified, "pending": attendees - certified, "run": run,
            "running": run is not None and run.status in (CertificateRun.Status.QUEUED, CertificateRun.Status.RUNNING)}


def my_certificates(*, forum, user) -> list[Certificate]:
    """The certificates of one person from the forum's trainings, newest first. One query."""
    return list(Certificate.objects.filter(person=user, event__forum=forum)
                .select_related("event", "document").order_by("-event__starts_at", "-pk"))


def latest_certificate_run(*, event: Event) -> CertificateRun | None:
    return event.certificate_runs.order_by("-created_at").first()
