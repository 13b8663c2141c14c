"""Work that must not get stuck: a job row written while the broker is down is kept, the person
who started it reads a clear message (no 500), and the reminder sweep re-enqueues it, once."""

import datetime

import pytest
from celery.canvas import Signature
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from fokuss.jobs import QUEUE_UNAVAILABLE
from notifications.services import reminders_sweep
from notifications.services.sweep import jobs_requeue
from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings import services
from trainings.models import CertificateRun

pytestmark = pytest.mark.django_db

TASK = "trainings.tasks.certificates_generate"


@pytest.fixture
def training(world):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=4))
    for role, village in (("sekdes_a", world.a1), ("sekdes_b", world.a2)):
        AttendanceFactory(event=event, person=world.users[role], village=village)
    return event


@pytest.fixture
def broker(monkeypatch):
    """Every task put on the broker, by name and arguments; ``broker.down = True`` makes it fail
    the way apply_async fails when Redis is unreachable."""

    class Broker:
        down = False
        sent: list[tuple[str, tuple]] = []

    fake = Broker()
    fake.sent = []

    def apply_async(self, args=None, kwargs=None, **options):
        if fake.down:
            raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")
        fake.sent.append((self.task, tuple(args or ())))

    monkeypatch.setattr(Signature, "apply_async", apply_async)
    return fake


def _sent_runs(broker):
    return [args[0] for name, args in broker.sent if name == TASK]


@pytest.mark.django_db(transaction=True)  # committed for real: the enqueue runs inside the request
def test_broker_down_when_starting_a_run_shows_a_message_and_keeps_the_run(world, login, training, broker):
    broker.down = True
    client = login(world.users["pengurus"])
    url = reverse("trainings:certificates", kwargs={"pk": training.pk})
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert str(QUEUE_UNAVAILABLE) in page.content.decode()
    run = CertificateRun.objects.get()
    assert run.status == CertificateRun.Status.QUEUED and run.total == 2
    assert _sent_runs(broker) == []


def test_the_sweep_re_enqueues_a_stuck_queued_run_exactly_once(world, training, broker,
                                                              django_capture_on_commit_callbacks):
    broker.down = True
    with pytest.raises(OperationalError), django_capture_on_commit_callbacks(execute=True):
        run = services.certificate_run_start(event=training, by=world.users["pengurus"])
    run = CertificateRun.objects.get()
    broker.down = False
    soon = timezone.now() + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_requeue(now=soon) == 0  # not stale yet: its task may still be on its way
    later = timezone.now() + datetime.timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_sweep(now=later)
    assert result.jobs_requeued == 1
    assert _sent_runs(broker) == [run.pk]
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_sweep(now=later + datetime.timedelta(minutes=1))
    assert again.jobs_requeued == 0 and _sent_runs(broker) == [run.pk]
    run.refresh_from_db()
    assert run.status == CertificateRun.Status.QUEUED
    # the worker picks it up: the run finishes
    run = services.certificate_run_execute(run_id=run.pk)
    assert (run.status, run.done) == (CertificateRun.Status.DONE, 2)


def test_a_stale_running_run_is_re_enqueued_a_live_one_is_not(world, training, broker,
                                                             django_capture_on_commit_callbacks):
    now = timezone.now()
    dead = CertificateRun.objects.create(event=training, total=2, status=CertificateRun.Status.RUNNING,
                                         heartbeat_at=now - datetime.timedelta(minutes=10))
    other = EventFactory(forum=world.forum_a)
    CertificateRun.objects.create(event=other, total=2, status=CertificateRun.Status.RUNNING,
                                  heartbeat_at=now - datetime.timedelta(minutes=1))
    for status in (CertificateRun.Status.DONE, CertificateRun.Status.FAILED):
        CertificateRun.objects.create(event=other, total=2, status=status,
                                      heartbeat_at=now - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_requeue(now=now) == 1
    assert _sent_runs(broker) == [dead.pk]
    dead.refresh_from_db()
    assert dead.heartbeat_at == now


def test_a_broker_still_down_during_the_sweep_is_not_an_error(world, training, broker,
                                                             django_capture_on_commit_callbacks):
    CertificateRun.objects.create(event=training, total=2, heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_sweep(now=timezone.now())
    assert result.jobs_requeued == 1 and not result.errors


def test_the_run_keeps_its_heartbeat_while_it_works(world, training, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.certificate_run_start(event=training, by=world.users["pengurus"])
    assert _sent_runs(broker) == [run.pk]
    CertificateRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    run = services.certificate_run_execute(run_id=run.pk)
    assert run.heartbeat_at > timezone.now() - datetime.timedelta(minutes=1)
