import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from notifications import services
from notifications.channels import ChannelError
from notifications.channels.whatsapp import FonnteWhatsAppBackend, LocmemWhatsAppBackend
from notifications.models import Delivery, Notification, Preference
from notifications.services import Message, deliveries_plan, sweep
from tests import factories as f

WIB = datetime.timezone(datetime.timedelta(hours=7))


def _msg(user, key="deadline:1", slot="H-7", **kw):
    return Message(key=key, slot=slot, recipient_id=user.pk, subject="Pengingat LPPD", body="Isi", url="/laporan/",
                   **kw)


@pytest.fixture
def user(db):
    return f.UserFactory(whatsapp="+6281227110001")


@pytest.fixture(autouse=True)
def _clear_outbox():
    LocmemWhatsAppBackend.outbox.clear()


@pytest.mark.django_db
def test_plan_respects_contact_data_and_preferences():
    plain = f.UserFactory()
    no_wa = f.UserFactory(whatsapp="")
    email_off = f.UserFactory()
    Preference.objects.create(user=email_off, email=False)
    digest = f.UserFactory()
    Preference.objects.create(user=digest, digest=True)
    gone = f.UserFactory(is_active=False)
    created = deliveries_plan(messages=[_msg(u) for u in (plain, no_wa, email_off, digest, gone)])
    channels = {u: set(Delivery.objects.filter(recipient=u).values_list("channel", flat=True))
                for u in (plain, no_wa, email_off, digest, gone)}
    assert channels[plain] == {"inapp", "email", "whatsapp"}
    assert channels[no_wa] == {"inapp", "email"}
    assert channels[email_off] == {"inapp", "whatsapp"}
    assert channels[gone] == set()
    held = Delivery.objects.filter(recipient=digest)
    assert {(d.channel, d.digest, d.enqueued_at is None) for d in held} == {
        ("inapp", False, False), ("email", True, True), ("whatsapp", True, True)}
    assert created == 3 + 2 + 2 + 3


@pytest.mark.django_db
def test_plan_twice_inserts_once_and_enqueues_only_new_rows(user, monkeypatch, django_capture_on_commit_callbacks):
    from notifications import tasks

    sent: list[list[int]] = []
    monkeypatch.setattr(tasks.send_deliveries, "apply_async", lambda args, kwargs=None, **_: sent.append(list(args[0])))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_plan(messages=[_msg(user), _msg(user)]) == 3  # a duplicate message in one call too
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_plan(messages=[_msg(user), _msg(user, slot="H-1")]) == 3
    assert Delivery.objects.count() == 6
    assert sorted(sum(sent, [])) == sorted(Delivery.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_broker_down_does_not_break_the_plan(user, monkeypatch, django_capture_on_commit_callbacks):
    from notifications import tasks

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.send_deliveries, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliveries_plan(messages=[_msg(user)]) == 3
    # the rows are there; the sweep re-enqueues them once their task is overdue
    later = timezone.now() + datetime.timedelta(minutes=11)
    monkeypatch.setattr(tasks.send_deliveries, "apply_async", lambda args, kwargs=None, **_: None)
    assert services.deliveries_requeue(now=later) == 3


@pytest.mark.django_db
def test_send_each_channel_once(user):
    deliveries_plan(messages=[_msg(user)])
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    for d in Delivery.objects.all():
        assert services.delivery_send(delivery_id=d.pk, now=now).status == "sent"
        assert services.delivery_send(delivery_id=d.pk, now=now).status == "skipped"
    assert Notification.objects.filter(recipient=user).count() == 1
    assert Notification.objects.get().delivery.channel == "inapp"
    assert len(mail.outbox) == 1 and "/laporan/" in mail.outbox[0].body
    assert len(LocmemWhatsAppBackend.outbox) == 1 and LocmemWhatsAppBackend.outbox[0]["target"] == "6281227110001"
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db
def test_failures_are_recorded_with_backoff_and_never_raised(user, monkeypatch):
    deliveries_plan(messages=[_msg(user, channels=("whatsapp",))])
    d = Delivery.objects.get()
    now = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    monkeypatch.setattr(LocmemWhatsAppBackend, "send", lambda self, delivery: (_ for _ in ()).throw(
        ChannelError("gateway HTTP 500")))
    outcome = services.delivery_send(delivery_id=d.pk, now=now)
    d.refresh_from_db()
    assert (outcome.status, outcome.retry_in, d.attempts, d.last_error) == ("retrying", 60, 1, "gateway HTTP 500")
    assert d.not_before == now + datetime.timedelta(seconds=60)
    # not due yet: a retry message arriving early does nothing
    assert services.delivery_send(delivery_id=d.pk, now=now).status == "not-due"
    # an unexpected exception in a backend is a failure on the row too
    monkeypatch.setattr(LocmemWhatsAppBackend, "send", lambda self, delivery: 1 / 0)
    for _attempt in range(2, 6):
        now += datetime.timedelta(hours=1)
        outcome = services.delivery_send(delivery_id=d.pk, now=now)
    d.refresh_from_db()
    assert d.status == "failed" and d.attempts == 5 and "ZeroDivisionError" in d.last_error
    assert outcome.retry_in is None


@pytest.mark.django_db
def test_invalid_number_fails_at_once(user, monkeypatch):
    deliveries_plan(messages=[_msg(user, channels=("whatsapp",))])
    d = Delivery.objects.get()
    monkeypatch.setattr(LocmemWhatsAppBackend, "send", lambda self, delivery: (_ for _ in ()).throw(
        ChannelError("gateway refused: invalid target", permanent=True)))
    services.delivery_send(delivery_id=d.pk, now=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WIB))
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("failed", 1)


@pytest.mark.django_db
def test_quiet_hours_delay_whatsapp_and_the_sweep_sends_it_at_six(user, monkeypatch):
    from notifications import tasks

    deliveries_plan(messages=[_msg(user)])
    night = datetime.datetime(2026, 11, 23, 22, 30, tzinfo=WIB)
    outcomes = {d.channel: services.delivery_send(delivery_id=d.pk, now=night).status for d in Delivery.objects.all()}
    assert outcomes == {"inapp": "sent", "email": "sent", "whatsapp": "deferred"}
    wa = Delivery.objects.get(channel="whatsapp")
    assert wa.status == "pending" and wa.enqueued_at is None
    assert timezone.localtime(wa.not_before) == datetime.datetime(2026, 11, 24, 6, 0, tzinfo=WIB)
    monkeypatch.setattr(tasks.send_deliveries, "apply_async", lambda args, kwargs=None, **_: None)
    assert services.deliveries_requeue(now=datetime.datetime(2026, 11, 24, 5, 59, tzinfo=WIB)) == 0
    morning = datetime.datetime(2026, 11, 24, 6, 1, tzinfo=WIB)
    assert services.deliveries_requeue(now=morning) == 1
    assert services.delivery_send(delivery_id=wa.pk, now=morning).status == "sent"
    assert len(LocmemWhatsAppBackend.outbox) == 1


@pytest.mark.django_db
def test_requeue_only_overdue_tasks(user, monkeypatch):
    from notifications import tasks

    monkeypatch.setattr(tasks.send_deliveries, "apply_async", lambda args, kwargs=None, **_: None)
    now = timezone.now()
    deliveries_plan(messages=[_msg(user)], now=now)
    assert services.deliveries_requeue(now=now + datetime.timedelta(minutes=1)) == 0
    assert services.deliveries_requeue(now=now + datetime.timedelta(minutes=11)) == 3
    assert services.deliveries_requeue(now=now + datetime.timedelta(minutes=12)) == 0  # just re-enqueued


@pytest.mark.django_db
def test_resend_only_a_failed_delivery(user):
    d = Delivery.objects.create(key="deadline:9", slot="H-1", recipient=user, channel="whatsapp", subject="s",
                                body="b", status="failed", attempts=5, last_error="gateway timeout")
    services.delivery_resend(delivery=d)
    assert (d.status, d.attempts, d.last_error) == ("retrying", 0, "")
    d.status = "sent"
    d.save()
    with pytest.raises(ValidationError):
        services.delivery_resend(delivery=d)


@pytest.mark.django_db
def test_digest_sends_one_message_for_all_held_rows():
    person = f.UserFactory()
    Preference.objects.create(user=person, digest=True)
    deliveries_plan(messages=[_msg(person, key="deadline:1", channels=("email",)),
                              _msg(person, key="actionitem:2", channels=("email",))])
    assert Delivery.objects.filter(digest=True, status="pending").count() == 2
    assert services.digest_send(recipient_id=person.pk, channel="email") == 2
    assert len(mail.outbox) == 1 and "Ringkasan pengingat hari ini (2)" in mail.outbox[0].subject
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert services.digest_send(recipient_id=person.pk, channel="email") == 0


@pytest.mark.django_db
def test_a_broken_app_does_not_stop_the_sweep(user, monkeypatch):
    class Broken:
        @staticmethod
        def due_messages(*, now):
            raise RuntimeError("bug in trainings")

    class Fine:
        @staticmethod
        def due_messages(*, now):
            return [_msg(user)]

    monkeypatch.setattr(sweep, "reminder_modules", lambda: [("broken", Broken), ("fine", Fine)])
    result = services.reminders_sweep()
    assert result.errors == {"broken": "RuntimeError: bug in trainings"}
    assert result.created == 3


# The Fonnte-style backend against a local fake gateway -----------------------------------------

class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        target = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if "0500" in target:
            self.send_response(500)
            self.end_headers()
            return
        if "0408" in target:
            time.sleep(1.5)  # the fake gateway hangs longer than the client's timeout
        body = {"status": False, "reason": "invalid target"} if "0400" in target else {"status": True}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()


@pytest.mark.django_db
@pytest.mark.parametrize("number,error,permanent", [
    ("+6281200000500", "gateway WhatsApp menjawab dengan galat HTTP 500", False),
    ("+6281200000408", "gateway WhatsApp tidak menjawab dalam batas waktu", False),
    ("+6281200000400", "gateway WhatsApp menolak pesan: invalid target", True),
])
def test_fonnte_backend_turns_gateway_errors_into_channel_errors(gateway, number, error, permanent):
    person = f.UserFactory(whatsapp=number)
    d = Delivery.objects.create(key="k:1", slot="s", recipient=person, channel="whatsapp", subject="s", body="b")
    with override_settings(WHATSAPP_GATEWAY_URL=gateway, WHATSAPP_TIMEOUT_SECONDS=0.5):
        with pytest.raises(ChannelError) as exc:
            FonnteWhatsAppBackend().send(delivery=d)
        assert str(exc.value) == error and exc.value.permanent is permanent
        ok = f.UserFactory(whatsapp="+6281200000200")
        d.recipient = ok
        FonnteWhatsAppBackend().send(delivery=d)  # no exception
