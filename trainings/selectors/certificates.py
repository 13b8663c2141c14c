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
    feedback = event.feedback.aggregate(avg=Avg("rating"), n=Count("pk"))
    return {
        "issued": list(Certificate.objects.filter(event=event).select_related("person", "village")
                       .order_by("number")),
        "attendees": event.attendances.filter(status=Attendance.Status.HADIR).count(),
        "run": CertificateRun.objects.filter(event=event).order_by("-created_at").first(),
        "feedback": list(Feedback.objects.filter(event=event).select_related("person")[:100]),
        "feedback_avg": feedback["avg"], "feedback_n": feedback["n"],
        "scores": list(event.attendances.filter(status=Attendance.Status.HADIR).select_related("person", "village")
                       .order_by("village__name", "person__full_name")),
    }


def latest_certificate_run(*, event: Event) -> CertificateRun | None:
    return event.certificate_runs.order_by("-created_at").first()
