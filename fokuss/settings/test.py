from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env  # noqa: F401

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Web processes started by a test (tests/test_two_web_processes.py) share one cache, as on several
# hosts: Redis (redis://...) or a directory (file cache). The test's own process keeps LocMem.
_SHARED_CACHE = env("TEST_SHARED_CACHE", default="")
if _SHARED_CACHE.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _SHARED_CACHE,
                          "KEY_PREFIX": env("TEST_SHARED_CACHE_PREFIX", default="")}}
elif _SHARED_CACHE:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _SHARED_CACHE}}
# Overridable so that a Celery worker started by a test (same settings) can talk to a fake gateway.
WHATSAPP_BACKEND = env("WHATSAPP_BACKEND", default="notifications.channels.whatsapp.LocmemWhatsAppBackend")
WHATSAPP_GATEWAY_URL = env("WHATSAPP_GATEWAY_URL", default="http://127.0.0.1:9/send")
WHATSAPP_TIMEOUT_SECONDS = env.int("WHATSAPP_TIMEOUT_SECONDS", default=2)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# SQLite: a file-based test database (not in-memory) so that a Celery worker started as a
# subprocess by the broker tests (tests/notifications/test_broker.py) shares it with the test.
# One file per test run (the pid in the name, removed at exit), so --reuse-db never picks up a
# stale schema, as with the in-memory database before.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    import atexit
    import glob
    import os
    import tempfile

    _TEST_DB = os.path.join(tempfile.gettempdir(), f"fokuss-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB}

    def _remove_test_db(prefix=_TEST_DB):
        for path in glob.glob(prefix + "*"):
            try:
                os.remove(path)
            except OSError:
                pass

    atexit.register(_remove_test_db)

# N+1 detection (django-zeal) in every request of the view tests: a page that runs the same query
# once per row raises zeal.ZealError. ZEAL_ALLOWLIST names the accepted ones, each with its reason.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = env.bool("ZEAL_RAISE", default=True)
ZEAL_ALLOWLIST = [
    # Saving the minutes with "finalise" hands over to the finalise view in the same request, which
    # fetches and checks the minutes again (trainings.views.minutes_edit): two fetches, not a loop.
    {"model": "trainings.Minutes", "field": "get()"},
    # Forum.__str__ names its kecamatan; Django admin's list filters and delete confirmations print
    # forums one by one. Admin pages only, bounded by the number of forums.
    {"model": "members.Forum", "field": "district"},
    # Editing a competency saves its four level descriptors one by one (competency.services.competency_update):
    # a fixed four, not a loop over data that grows.
    {"model": "competency.LevelDescriptor", "field": "get()"},
]
