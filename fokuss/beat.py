"""Exactly one Celery beat, however many machines run the stack.

Beat is the clock: two of them would plan every reminder sweep twice (the Delivery rows keep the
messages exactly-once, but the work doubles and the logs lie). ``manage.py beat`` (docker-compose
``beat`` service, Procfile) takes a lock before it starts beat and refuses to start while another
beat holds it:

- with Redis (REDIS_URL): a key set with NX and a TTL, renewed by a thread every TTL/3 seconds;
  a beat that dies stops renewing and the lock frees itself after the TTL, so a standby beat on
  another host can take over (start it with ``--wait``);
- without Redis (the embedded default on one machine): an exclusive ``flock`` on a file in var/.
"""

from __future__ import annotations

import fcntl
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

LOCK_KEY = "fokuss:celery-beat:lock"
LOCK_TTL_SECONDS = 60


class BeatAlreadyRunning(RuntimeError):
    pass


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# Compare-and-delete / compare-and-extend: only the holder may release or renew its lock.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
_RENEW = ("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end "
          "return 0")


@contextmanager
def redis_lock(url: str, *, key: str = LOCK_KEY, ttl: int = LOCK_TTL_SECONDS) -> Iterator[str]:
    """Hold the beat lock in Redis for the duration of the block (BeatAlreadyRunning if taken)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    me = holder_id()
    if not client.set(key, me, nx=True, ex=ttl):
        holder = client.get(key)
        raise BeatAlreadyRunning(f"another beat holds the lock: {holder.decode() if holder else '?'}")
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(ttl / 3):
            try:
                if not client.eval(_RENEW, 1, key, me, ttl * 1000):
                    os._exit(3)  # lost the lock (expired while we were stalled): never run two beats
            except redis.RedisError:
                continue  # Redis briefly away: try again; the TTL decides

    thread = threading.Thread(target=renew, name="beat-lock", daemon=True)
    thread.start()
    try:
        yield me
    finally:
        stop.set()
        client.eval(_RELEASE, 1, key, me)


@contextmanager
def file_lock(path: Path) -> Iterator[str]:
    """The same on one machine without Redis: an exclusive flock, freed when the process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BeatAlreadyRunning(f"another beat holds the lock file {path}") from None
    try:
        yield holder_id()
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def beat_lock(*, redis_url: str, lock_file: Path):
    return redis_lock(redis_url) if redis_url else file_lock(lock_file)
