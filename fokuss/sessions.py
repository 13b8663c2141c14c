"""Sessions read from the cache and written through to the database (Django's cached_db), and still
working when the cache (Redis) is down: every cache error is logged and the database answers.

Django's own cached_db already survives a failing ``get`` and ``set`` on save, but not the
``set`` after a database read, the ``in`` of ``exists`` (run when a new session key is made, i.e.
at every sign-in) or the ``delete`` of sign-out; with Redis down those were 500s.

Known limit: a session deleted (sign-out) while the cache is unreachable stays in the cache if
the cache comes back with its data, until it expires there; the database row is gone.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger("fokuss.sessions")


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - the database still has the session
            logger.warning("session cache unreachable, reading the database", exc_info=True)
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=s.expire_date))
        except Exception:  # noqa: BLE001
            logger.warning("session cache unreachable, not caching the session", exc_info=True)
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:  # noqa: BLE001
            logger.warning("session cache unreachable, asking the database", exc_info=True)
        return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:  # noqa: BLE001
            logger.warning("session cache unreachable, session %s... left in the cache", session_key[:6],
                           exc_info=True)
