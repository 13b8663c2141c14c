"""Two web processes on one database, one cache and one media store, as on two hosts: a write
through one is visible through the other on the next request (the per-forum data version lives in
the shared cache, fokuss/cache.py), and an upload made through one downloads through the other.

PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI, .ci/run); otherwise the SQLite test
database file and a file cache in a temporary directory. Real server-side sessions (the MFA step
marked as passed, as bench/load.py does)."""

from __future__ import annotations

import datetime
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.utils import timezone

from obligations.models import Submission
from tests.obligations.factories import deadline, obligation
from tests.samples import PDF

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    if d["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{d['NAME']}"
    auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _session(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = time.time()
    store["account_authentication_methods"] = [{"method": "password", "at": now, "email": user.email},
                                               {"method": "mfa", "at": now, "type": "totp"}]
    store.save()
    return store.session_key


class Server:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--nothreading"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        deadline_at = time.monotonic() + 90
        while time.monotonic() < deadline_at:
            try:
                if self.request("GET", "/healthz")[0] in (200, 503):
                    return
            except OSError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                raise RuntimeError(self.errors())
        raise RuntimeError("the web process did not answer within 90 s")

    def request(self, method: str, path: str, *, session: str = "", body: bytes = b"",
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        csrf = "a" * 32
        all_headers = {"Host": "127.0.0.1", "Cookie": f"sessionid={session}; csrftoken={csrf}",
                       "X-CSRFToken": csrf, **(headers or {})}
        conn.request(method, path, body=body or None, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data

    def errors(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, kind) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: {kind}\r\n\r\n'.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def servers(world, tmp_path):
    redis_url = os.environ.get("REDIS_URL", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fokuss.settings.test", "DATABASE_URL": _database_url(),
           "TEST_SHARED_CACHE": redis_url or str(tmp_path / "cache"),
           "TEST_SHARED_CACHE_PREFIX": f"twoweb{secrets.token_hex(4)}",  # never another run's keys
           "MEDIA_ROOT": str(tmp_path / "media"), "ZEAL_RAISE": "false"}
    started = []
    try:
        started.append(Server(env, tmp_path / "one.log"))
        started.append(Server(env, tmp_path / "two.log"))
        yield started
    finally:
        for server in started:
            server.stop()


def test_a_write_and_an_upload_through_one_process_show_through_the_other(world, servers):
    one, two = servers
    d = deadline(obligation(world.forum_a), world.a1, due_on=timezone.localdate() + datetime.timedelta(days=10))
    ketua, sekdes = _session(world.users["pengurus"]), _session(world.users["sekdes_a"])
    matrix = f"/kewajiban/matriks/?tahun={d.year}"

    status, page = two.request("GET", matrix, session=ketua)
    assert status == 200, two.errors()  # now cached in the shared cache
    before = page.count(b"dot-dikirim")

    body, kind = _multipart({"note": "Sudah ke kecamatan"}, {"file": ("bukti.pdf", PDF, "application/pdf")})
    status, _ = one.request("POST", f"/kewajiban/tenggat/{d.pk}/kirim/", session=sekdes, body=body,
                            headers={"Content-Type": kind})
    assert status == 302

    status, page = two.request("GET", matrix, session=ketua)
    assert status == 200 and page.count(b"dot-dikirim") == before + 1  # the other process's cached page moved on

    submission = Submission.objects.get(deadline=d)
    status, content = two.request("GET", f"/kewajiban/penyampaian/{submission.pk}/berkas/", session=ketua)
    assert status == 200 and content == PDF
