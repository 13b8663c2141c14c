"""Sign-in must keep working when the shared cache (Redis) is down.

allauth keeps its rate-limit counters (failed logins, MFA codes) and the used-TOTP-code marks in
Django's default cache. With Redis down every cache call raises and every sign-in would be a 500.
``FallbackCache`` wraps the default cache for those callers only: on a connection error it logs a
warning and uses a process-local LocMemCache for a short while, then tries the shared cache again.
The limits still apply, per process instead of per site; the health check (fokuss.views.healthz)
keeps using the real cache, so the outage stays visible there.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger("fokuss.cache")

try:  # redis-py's errors do not derive from the builtin ConnectionError
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    _RedisError = OSError

CACHE_ERRORS: tuple[type[BaseException], ...] = (OSError, _RedisError)  # OSError covers ConnectionError, TimeoutError
RETRY_AFTER_SECONDS = 30.0


class FallbackCache:
    """Duck-typed stand-in for ``django.core.cache.cache`` (the methods allauth uses and a few
    more). Every call goes to ``caches[alias]`` unless it failed less than RETRY_AFTER_SECONDS ago."""

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self.local = LocMemCache("fokuss-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(caches[self.alias], name)(*args, **kwargs)
            except CACHE_ERRORS as exc:
                with self._lock:
                    first = time.monotonic() >= self._down_until
                    self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                if first:
                    logger.warning("Cache %r unavailable (%s: %s); sign-in rate limits use a process-local "
                                   "cache for %d s", self.alias, exc.__class__.__name__, exc, RETRY_AFTER_SECONDS)
        return getattr(self.local, name)(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def clear(self) -> None:
        self.local.clear()
        self._call("clear")


# The allauth modules whose module-level ``cache`` is the sign-in path's only cache use.
SIGN_IN_CACHE_MODULES = ("allauth.core.internal.ratelimit", "allauth.mfa.totp.internal.auth")


def install(modules: tuple[str, ...] = SIGN_IN_CACHE_MODULES) -> FallbackCache:
    """Point the sign-in modules' ``cache`` at one shared FallbackCache (called from AppConfig.ready)."""
    import importlib

    fallback = FallbackCache()
    for name in modules:
        module = importlib.import_module(name)
        if not hasattr(module, "cache"):
            raise RuntimeError(f"{name} has no module-level cache any more; review fokuss/resilient_cache.py")
        module.cache = fallback
    return fallback
