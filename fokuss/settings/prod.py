from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Keep a worker's database connection between requests (CONN_MAX_AGE=0 turns it off).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: refuse to start without one
# Rotation: the previous key(s) here keep sessions and reset links valid for a while (README).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Uploads: base.py (local disk, or S3-compatible object storage when S3_BUCKET is set).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
# X-Forwarded-Proto decides whether Django treats a request as https (secure cookies, the SSL
# redirect, CSRF origin checks). Trust it only when a reverse proxy that sets it and overwrites a
# client's value is in front (the compose file's Caddy: BEHIND_PROXY=true). Without such a proxy
# any client could send "X-Forwarded-Proto: https", so the header is then ignored.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# security.W021 (HSTS preload) is silenced on purpose: preloading is a one-way decision for the
# operator's domain, not something the application should opt into by default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
