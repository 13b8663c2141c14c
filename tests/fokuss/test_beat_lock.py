"""Exactly one beat (fokuss/beat.py): a second `manage.py beat` refuses to start while the lock is
held; with the real Redis when one answers, and with the lock file of the embedded setup."""

import shutil
import subprocess
import time

import pytest
import redis
from django.core.management import CommandError, call_command

from fokuss import beat

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_up() -> bool:
    if not shutil.which("redis-cli"):
        return False
    try:
        return subprocess.run(["redis-cli", "-n", "14", "ping"], capture_output=True, timeout=3).stdout.strip() == b"PONG"
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379 (the file lock is tested below)")
def test_redis_lock_refuses_a_second_holder_and_frees_on_exit():
    key = "fokuss:test-beat-lock"
    with beat.redis_lock(REDIS_URL, key=key, ttl=30) as first:
        with pytest.raises(beat.BeatAlreadyRunning, match=first.split(":")[0]):
            with beat.redis_lock(REDIS_URL, key=key, ttl=30):
                pass
    with beat.redis_lock(REDIS_URL, key=key, ttl=30):  # released: free again
        pass


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_lock_expires_when_its_holder_stops_renewing():
    key = "fokuss:test-beat-lock-ttl"
    client = redis.Redis.from_url(REDIS_URL)
    client.set(key, "dead-host:1:x", px=300)  # a beat that died without releasing
    with pytest.raises(beat.BeatAlreadyRunning):
        with beat.redis_lock(REDIS_URL, key=key):
            pass
    time.sleep(0.4)
    with beat.redis_lock(REDIS_URL, key=key):
        pass


def test_file_lock_refuses_a_second_holder(tmp_path):
    path = tmp_path / "beat.lock"
    with beat.file_lock(path):
        with pytest.raises(beat.BeatAlreadyRunning):
            with beat.file_lock(path):
                pass
    with beat.file_lock(path):
        pass


def test_beat_command_refuses_to_start_a_second_beat(settings, tmp_path, monkeypatch):
    settings.REDIS_URL = ""
    settings.VAR_DIR = tmp_path
    started = []
    monkeypatch.setattr("fokuss.celery.app.Beat", lambda **kw: type("B", (), {"run": lambda self: started.append(kw)})())
    with beat.file_lock(tmp_path / "celery-beat.lock"):
        with pytest.raises(CommandError, match="Hanya boleh ada satu beat"):
            call_command("beat")
    assert not started
    call_command("beat")
    assert started and started[0]["scheduler"].endswith("DatabaseScheduler")
