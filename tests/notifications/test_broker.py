"""Exactly-once under real failures: a real Celery worker (subprocess) sharing the test database,
a throwaway redis-server we can restart, a fake Fonnte-style WhatsApp gateway in a thread, and the
sweep run as `manage.py notifications_sweep` subprocesses (as beat would run it).

Counted per reminder key: Delivery rows (one per channel), in-app notifications (one per in-app
delivery) and messages that reached the gateway. Works on SQLite (file test database, see
fokuss/settings/test.py) and on PostgreSQL (CI). No sleeps for timing: every wait polls a condition
with a deadline.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote

import pytest
from django.db import connection
from django.utils import timezone

from members.models import Consent, SecretaryTenure, User, Village
from notifications.models import Delivery, Notification
from obligations.models import Deadline
from tests import factories as f
from tests.obligations.factories import obligation

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CELERY = str(Path(PYTHON).with_name("celery"))
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.1):
    """Poll ``condition`` until it is true or the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._ping, timeout=10, what="redis-server to accept connections")

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def restart(self):
        """Everything in the broker is lost (no persistence), like a crashed Redis."""
        self.stop()
        self.start()


class Gateway:
    """A Fonnte-style gateway: POST target/message with a token header. Numbers ending in 0500
    answer HTTP 500, 0408 hang past the client's timeout, 0400 are refused as invalid. A repeat
    of an Idempotency-Key is acknowledged without sending again (like gateways that support it)."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.requests: list[dict] = []
        self.delivered: dict[str, int] = {}
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                target = form.get("target", [""])[0]
                key = self.headers.get("Idempotency-Key", "")
                with gateway.lock:
                    gateway.requests.append({"target": target, "key": key})
                if target.endswith("0500"):
                    self.send_response(500)
                    self.end_headers()
                    return
                if target.endswith("0408"):
                    time.sleep(3)  # longer than WHATSAPP_TIMEOUT_SECONDS=1 of the worker
                elif gateway.delay:
                    time.sleep(gateway.delay)  # a slow gateway, so that a kill lands mid-batch
                body = {"status": True}
                if target.endswith("0400"):
                    body = {"status": False, "reason": "invalid target"}
                else:
                    with gateway.lock:  # a repeated key is acknowledged, not sent to the phone again
                        gateway.delivered.setdefault(key, 0)
                        gateway.delivered[key] += 0 if gateway.delivered[key] else 1
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps(body).encode())
                except OSError:
                    pass  # the client gave up (timeout) or was killed

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def stop(self):
        self.server.shutdown()


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Stack:
    """Redis + gateway + worker processes sharing the test database."""

    def __init__(self, tmp: Path, *, delay: float = 0.0):
        self.tmp = tmp
        self.redis = RedisServer(tmp)
        self.redis.start()
        self.gateway = Gateway(delay=delay)
        self.workers: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fokuss.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": self.redis.url,
            "WHATSAPP_BACKEND": "notifications.channels.whatsapp.FonnteWhatsAppBackend",
            "WHATSAPP_GATEWAY_URL": self.gateway.url,
            "WHATSAPP_TIMEOUT_SECONDS": "1",
            "NOTIFICATIONS_REQUEUE_AFTER_SECONDS": "2",
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
            "NOTIFICATIONS_MAX_ATTEMPTS": "3",
            "NOTIFICATIONS_BATCH_SIZE": "4",
            "NOTIFICATIONS_QUIET_HOURS": "off",  # independent of the hour the test runs at
        }

    def start_worker(self) -> subprocess.Popen:
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(
            [CELERY, "-A", "fokuss", "worker", "--pool=solo", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel=INFO"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(worker)
        return worker

    def kill_worker(self, worker: subprocess.Popen):
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

    def sweep(self) -> subprocess.Popen:
        return subprocess.Popen([PYTHON, "manage.py", "notifications_sweep"], cwd=ROOT, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sweep_once(self) -> None:
        """Run one sweep to the end; its error output is the failure message if it fails."""
        p = self.sweep()
        _out, err = p.communicate(timeout=60)
        assert p.returncode == 0, f"the sweep failed:\n{err[-3000:]}"

    def close(self):
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(10)
        self.redis.stop()
        self.gateway.stop()

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.tmp.glob("worker-*.log")))


@pytest.fixture
def stack(tmp_path, transactional_db):
    stacks: list[Stack] = []

    def _make(**kwargs) -> Stack:
        s = Stack(tmp_path, **kwargs)
        stacks.append(s)
        return s

    yield _make
    for s in stacks:
        s.close()


def _villages_due_in_7_days(n: int, *, numbers: list[str] | None = None) -> list[Deadline]:
    """A forum of n villages whose secretaries each have one deadline due in 7 days (a lead day)."""
    district = f.DistrictFactory(code="33.02.19", name="Sokaraja")
    forum = f.ForumFactory(district=district)
    villages = Village.objects.bulk_create(
        [Village(district=district, code=f"33.02.19.{2001 + i}", name=f"Desa Uji {i}") for i in range(n)])
    numbers = numbers or [f"+62812271{i:05d}" for i in range(n)]
    users = [User.objects.create_user(email=f"sekdes{i}@contoh.test", full_name=f"Sekdes {i}", whatsapp=numbers[i])
             for i in range(n)]
    Consent.objects.bulk_create([Consent(person=u, purpose="whatsapp", given=True) for u in users])
    SecretaryTenure.objects.bulk_create(
        [SecretaryTenure(user=u, village=v, started_on=datetime.date(2020, 1, 1)) for u, v in zip(users, villages, strict=True)])
    ob = obligation(forum, reminder_days=(7,))
    due = timezone.localdate() + datetime.timedelta(days=7)
    return Deadline.objects.bulk_create(
        [Deadline(obligation=ob, village=v, forum=forum, period="TA 2026", year=due.year, due_on=due) for v in villages])


def _assert_exactly_once(deadlines: list[Deadline], gateway: Gateway):
    keys = {f"deadline:{d.pk}" for d in deadlines}
    rows = list(Delivery.objects.filter(key__in=keys).values_list("pk", "key", "channel", "status"))
    per_key_channel = Counter((key, channel) for _pk, key, channel, _status in rows)
    assert set(per_key_channel.values()) == {1}, "a duplicate Delivery row"
    assert {(k, c) for k, c in per_key_channel} == {(k, c) for k in keys for c in ("inapp", "email", "whatsapp")}, \
        "a missing Delivery row"
    assert {status for *_rest, status in rows} == {"sent"}
    inapp = [pk for pk, _key, channel, _status in rows if channel == "inapp"]
    notes = Counter(Notification.objects.filter(delivery_id__in=inapp).values_list("delivery_id", flat=True))
    assert len(notes) == len(keys) and set(notes.values()) == {1}, "in-app: not exactly one notification per key"
    wa = {f"fokuss-{pk}" for pk, _key, channel, _status in rows if channel == "whatsapp"}
    assert set(gateway.delivered) == wa, "WhatsApp: a message missing at the gateway"
    assert set(gateway.delivered.values()) == {1}, "WhatsApp: a message delivered twice"
    # Requests the gateway received: at most one repeat, and only for a send the worker was killed
    # in the middle of (sent, but the row not yet committed); its Idempotency-Key made it harmless.
    repeats = len(gateway.requests) - len({r["key"] for r in gateway.requests})
    return repeats


def test_two_sweeps_at_the_same_time_deliver_each_reminder_once(stack):
    deadlines = _villages_due_in_7_days(12)
    s = stack()
    s.start_worker()
    first, second = s.sweep(), s.sweep()  # two beats at once
    for p in (first, second):
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    expected = 12 * 3
    assert Delivery.objects.count() == expected
    wait_until(lambda: Delivery.objects.filter(status="sent").count() == expected, timeout=60,
               what=f"all {expected} deliveries sent\n{s.logs()}")
    assert _assert_exactly_once(deadlines, s.gateway) == 0  # no crash: the gateway never saw a repeat
    assert len(s.gateway.requests) == 12


def test_worker_killed_mid_batch_and_redis_restarted(stack):
    deadlines = _villages_due_in_7_days(12)
    s = stack(delay=0.15)
    worker = s.start_worker()
    s.sweep_once()
    wait_until(lambda: len(s.gateway.requests) >= 4, timeout=60, what=f"the worker to be mid-batch\n{s.logs()}")
    s.kill_worker(worker)  # SIGKILL: no clean shutdown, the batch in progress is lost
    sent_at_kill = Delivery.objects.filter(status="sent").count()
    assert 0 < sent_at_kill < 36, "the kill should land in the middle of the batch"
    s.redis.restart()  # the queued send tasks are gone with it
    s.start_worker()

    def swept_and_done() -> bool:  # beat keeps running the sweep; it re-enqueues the lost sends
        if Delivery.objects.filter(status="sent").count() == 36:
            return True
        s.sweep_once()
        return Delivery.objects.filter(status="sent").count() == 36

    wait_until(swept_and_done, timeout=120, interval=0.5, what=f"all deliveries sent after the crash\n{s.logs()}")
    repeats = _assert_exactly_once(deadlines, s.gateway)
    assert repeats <= 1


def test_gateway_errors_end_as_visible_failures_with_retries(stack):
    numbers = ["+6281227100001", "+6281227100500", "+6281227100408", "+6281227100400", "+6281227100002"]
    deadlines = _villages_due_in_7_days(5, numbers=numbers)
    s = stack()
    s.start_worker()
    sweep = s.sweep()
    out, err = sweep.communicate(timeout=60)
    assert sweep.returncode == 0, err  # the sweep never crashes on a gateway error
    done = ("sent", "failed")
    wait_until(lambda: not Delivery.objects.exclude(status__in=done).exists(), timeout=90, interval=0.2,
               what=f"every delivery finished\n{s.logs()}")
    wa = {d.recipient.whatsapp: d for d in Delivery.objects.filter(channel="whatsapp").select_related("recipient")}
    assert (wa["+6281227100500"].status, wa["+6281227100500"].attempts) == ("failed", 3)
    assert wa["+6281227100500"].last_error == "gateway WhatsApp menjawab dengan galat HTTP 500"
    assert (wa["+6281227100408"].status, wa["+6281227100408"].attempts) == ("failed", 3)
    assert wa["+6281227100408"].last_error == "gateway WhatsApp tidak menjawab dalam batas waktu"
    assert (wa["+6281227100400"].status, wa["+6281227100400"].attempts) == ("failed", 1)  # not worth retrying
    assert "invalid" in wa["+6281227100400"].last_error
    assert wa["+6281227100001"].status == wa["+6281227100002"].status == "sent"
    # the other channels of the same reminders went out
    assert set(Delivery.objects.exclude(channel="whatsapp").values_list("status", flat=True)) == {"sent"}
    assert len(deadlines) == 5
