"""Settings shared by every environment. Everything that differs between machines comes from the
environment (django-environ); defaults give an embedded setup: SQLite and a filesystem broker."""

from pathlib import Path

import environ
from celery.schedules import crontab  # noqa: F401  (used by apps' beat schedules)
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "csp",
    "fokuss",
    "members",
    "notifications",
    "actions",
    "obligations",
    "competency",
    "mentoring",
    "trainings",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "fokuss.middleware.QueryStringNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "fokuss.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads request.POST or FILES (CSRF, allauth, views): oversized bodies get 413.
    "fokuss.middleware.RequestSizeLimitMiddleware",
    "fokuss.middleware.UserLanguageMiddleware",
    "members.middleware.ActorMiddleware",
    "members.middleware.DownloadAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After auth, actor and allauth: board, camat office and staff set up TOTP before anything else.
    "members.middleware.MFARequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fokuss.urls"
WSGI_APPLICATION = "fokuss.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fokuss.context_processors.portal",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# An empty DATABASE_URL (e.g. "DATABASE_URL=" in an env file) means the default, like an unset one.
DATABASES = {"default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes. IMMEDIATE transactions take the write
    # lock at BEGIN, so a concurrent writer (web, worker, sweep) waits up to `timeout` seconds
    # instead of failing at once with "database is locked" when a deferred transaction that has
    # read tries to write after another process committed (SQLITE_BUSY_SNAPSHOT).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;",
                                            "transaction_mode": "IMMEDIATE"})
# Persistent connections: a worker keeps its database connection for CONN_MAX_AGE seconds instead of
# opening one per request (prod defaults to 60); the health check drops a connection that died.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction pooling mode (DATABASE_POOLER=pgbouncer, docker-compose.yml):
# consecutive transactions of one Django connection may run on different server connections, so
# server-side cursors (.iterator() keeps a named cursor open across fetches) cannot work; Django
# then fetches in chunks with ordinary cursors. CONN_MAX_AGE then keeps the cheap client connection
# to PgBouncer, not a server connection; PgBouncer's pool size bounds the server connections.
DATABASE_POOLER = env("DATABASE_POOLER", default="")
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set; otherwise a cache on this machine's disk (shared by the web
# process and the Celery worker, unlike a per-process memory cache).
REDIS_URL = env("REDIS_URL", default="")
# The cache may live in a Redis of its own (CACHE_REDIS_URL): one that evicts the least recently
# used keys when full (whole pages per person add up), while the broker's Redis must never evict a
# queued task. Everything in the cache can be lost: sessions are also in the database, a lost data
# version starts afresh (fokuss/cache.py).
CACHE_REDIS_URL = env("CACHE_REDIS_URL", default="") or REDIS_URL
if CACHE_REDIS_URL:
    # Short socket timeouts: a Redis that is down must fail fast (sign-in then falls back to a
    # process-local rate limiter, see fokuss/resilient_cache.py) instead of hanging a worker.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Sessions are read from the cache and written through to the database: no query per request for
# the session, and a flushed cache logs nobody out. fokuss.sessions is Django's cached_db that also
# keeps working (on the database alone) while the cache is down.
SESSION_ENGINE = "fokuss.sessions"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"
SITE_ID = 1

# django-allauth: email login, no open sign-up (people are invited by the board).
ACCOUNT_ADAPTER = "members.adapters.InviteOnlyAccountAdapter"
ACCOUNT_FORMS = {"login": "members.forms.LoginForm"}  # the glossary's words (docs/glossary.md)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[FOKUSS] "
# One door: /admin/login/ redirects here (fokuss/urls.py), so these limits cover every sign-in.
# login_failed: 10 wrong attempts a minute per IP, 5 per email in 5 minutes (also MFA codes).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login": "30/m/ip"}

# Two-factor sign-in (allauth.mfa): TOTP apps (Google Authenticator, Aegis ...) and recovery
# codes. Who must use it is one predicate: fokuss.policy.Actor.needs_mfa (members/middleware.py).
# WebAuthn is left out: it needs HTTPS, JavaScript ceremonies and security keys or passkey-ready
# phones that few members have; TOTP works on any phone, offline.
MFA_ADAPTER = "members.adapters.FokussMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "FOKUSS"
# One step either side: phone clocks in the villages are often a little off.
MFA_TOTP_TOLERANCE = 1

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploaded files live outside static and are only served through access-checked views.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Never routed: uploads are served only by access-checked views (this prefix exists because
# Django requires a string here).
MEDIA_URL = "/_no_public_media/"
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several machines: uploads on S3-compatible object storage (MinIO in docker-compose.yml, or any S3)
# so that every web process and worker reads the same files. Local disk (MEDIA_ROOT) stays the
# default. Files are private (no ACL, signed URLs only if ever asked for): they are still served
# only through the access-checked views, which read them through default_storage.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
        "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),  # MinIO wants path style
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,  # a second upload of the same name gets its own key, like on disk
        "querystring_auth": True,
    }}
# `make backup` (manage.py backup_site) writes one timestamped directory per run here.
BACKUP_DIR = env("BACKUP_DIR", default=str(VAR_DIR / "backups"))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# fokuss.middleware.RequestSizeLimitMiddleware answers 413 from Content-Length before reading.
REQUEST_MAX_BYTES_ANONYMOUS = env.int("REQUEST_MAX_BYTES_ANONYMOUS", default=64 * 1024)
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=2 * 1024 * 1024)
REQUEST_MULTIPART_MARGIN_BYTES = 1024 * 1024

# Content-Security-Policy on every response (django-csp 4). Scripts and style sheets come only from
# our own static files (vendored, no CDN); no inline <script>, no on*="..." handlers (behaviour lives
# in static/js/portal.js). Inline style *attributes* are allowed (style-src-attr): progress bars and
# the certificate run draw their widths from data ({{ percent }}%), and a style attribute cannot
# run script. <style> elements stay forbidden (style-src 'self'); htmx is told not to inject its
# indicator <style> (htmx-config meta tag in base.html). img-src allows data: for the QR codes and
# SVG charts rendered inline as data URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the portal never uses (QR check-in codes are scanned with the phone's own camera
# app, which opens the check-in link; no page asks for the camera). fokuss.middleware sends it.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="FOKUSS <noreply@fokuss.local>")

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (no server needed).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_broker_dir / "control"),
    }
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A queued or running job (fokuss.jobs) silent this long is re-enqueued by the reminder sweep.
JOBS_STALE_AFTER_SECONDS = env.int("JOBS_STALE_AFTER_SECONDS", default=300)

# Notification channels (backends behind one interface, like Django's email backends).
WHATSAPP_BACKEND = env("WHATSAPP_BACKEND", default="notifications.channels.whatsapp.ConsoleWhatsAppBackend")
WHATSAPP_GATEWAY_URL = env("WHATSAPP_GATEWAY_URL", default="https://api.fonnte.com/send")
WHATSAPP_GATEWAY_TOKEN = env("WHATSAPP_GATEWAY_TOKEN", default="")
WHATSAPP_TIMEOUT_SECONDS = env.int("WHATSAPP_TIMEOUT_SECONDS", default=10)

# /healthz probes the broker at most once per this many seconds per process (the result, good or
# bad, is reused within the window; database and cache are checked on every call).
HEALTHZ_BROKER_TTL_SECONDS = env.float("HEALTHZ_BROKER_TTL_SECONDS", default=5.0)

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
# Sign-in and download records (members.AccessLog) older than this are deleted by a nightly task.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=730)

# A trivial view at /bench-hello, the throughput ceiling the load benchmark (bench/load.py)
# compares every page with. Off unless asked for: it is never routed in a normal deployment.
BENCH_HELLO = env.bool("BENCH_HELLO", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}
