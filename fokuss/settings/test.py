from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(VAR_DIR / "test-media")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Overridable so that a Celery worker started by a test (same settings) can talk to a fake gateway.
WHATSAPP_BACKEND = env("WHATSAPP_BACKEND", default="notifications.channels.whatsapp.LocmemWhatsAppBackend")
WHATSAPP_GATEWAY_URL = env("WHATSAPP_GATEWAY_URL", default="http://127.0.0.1:9/send")
WHATSAPP_TIMEOUT_SECONDS = env.int("WHATSAPP_TIMEOUT_SECONDS", default=2)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# SQLite: a file-based test database (not in-memory) so that a Celery worker started as a
# subprocess by the broker tests (tests/notifications/test_broker.py) shares it with the test.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
