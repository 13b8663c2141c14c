import pytest
from django.core.exceptions import ValidationError

from tests.trainings.factories import past_meeting
from trainings import selectors, services
from trainings.models import Attendance, Certificate, CertificateRun, Event, Feedback
from trainings.tasks import certificates_generate

pytestmark = pytest.mark.django_db


def test_certificate_run_issues_one_certificate_per_attendee(world):
    event = past_meeting(world)
    event.kind = Event.Kind.PELATIHAN
    event.save()
    services.attendance_mark(event=event, person_id=world.users["sekdes_b"].pk, status="izin",
                             by=world.users["pengurus"])
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    assert run.total == 2
    run = services.certificate_run_execute(run_id=run.pk)
    assert (run.status, run.done) == (CertificateRun.Status.DONE, 2)
    holders = set(Certificate.objects.values_list("person_id", flat=True))
    assert holders == {world.users["sekdes_a"].pk, world.users["pengurus"].pk}
    with pytest.raises(ValidationError):
        services.certificate_run_start(event=event, by=world.users["pengurus"])


def test_a_certificate_run_cut_off_by_a_dead_worker_finishes_when_delivered_again(world):
    event = past_meeting(world)
    event.kind = Event.Kind.PELATIHAN
    event.save()
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    first = Attendance.objects.filter(event=event, status="hadir").order_by("pk").first()
    services.certificate_issue(event=event, attendance=first, day=selectors.local_date(event.ends_at))
    CertificateRun.objects.filter(pk=run.pk).update(status=CertificateRun.Status.RUNNING, done=1)  # worker died here
    run = services.certificate_run_execute(run_id=run.pk)
    assert run.total == 3
    assert (run.status, run.done) == (CertificateRun.Status.DONE, 3)
    assert Certificate.objects.filter(event=event).count() == 3  # the one issued before the crash is not repeated


def test_feedback_only_from_attendees_with_a_valid_rating(world):
    event = past_meeting(world)
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=6)
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["camat"], rating=5)
    services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=5, comments="Bermanfaat")
    with pytest.raises(ValidationError):
        services.feedback_submit(event=event, person=world.users["sekdes_a"], rating=4)
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]


def test_certificate_run_is_enqueued_by_task_name_after_commit(world, django_capture_on_commit_callbacks,
                                                                monkeypatch):
    """Services name the task (trainings.tasks imports the services, not the other way round);
    fokuss.tasks resolves the name through the Celery app once the transaction commits."""
    sent = []
    monkeypatch.setattr(certificates_generate, "apply_async", lambda args, kwargs: sent.append(args))
    event = past_meeting(world)
    event.kind = Event.Kind.PELATIHAN
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.certificate_run_start(event=event, by=world.users["pengurus"])
        assert sent == []
    assert sent == [(run.pk,)]
