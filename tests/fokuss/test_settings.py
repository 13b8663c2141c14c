"""Settings read from the environment (checked in a fresh interpreter: settings load once)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _engine(database_url: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "fokuss.settings.dev"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_an_empty_database_url_means_the_embedded_default():
    assert _engine("") == "django.db.backends.sqlite3"


def test_a_postgres_database_url_selects_postgresql():
    assert _engine("postgres://postgres@127.0.0.1:5432/fokuss") == "django.db.backends.postgresql"


def _settings(database_url: str, module: str, expression: str, **env: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": module,
           "SECRET_KEY": "settings-test-secret-key-0123456789abcdef-long-enough", **env}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


DB = "settings.DATABASES['default']"
PG = "postgres://postgres@127.0.0.1:5432/fokuss"


def test_production_keeps_postgresql_connections_with_health_checks(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    assert _settings(PG, "fokuss.settings.prod", f"{DB}['CONN_MAX_AGE'], {DB}['CONN_HEALTH_CHECKS']") == "60 True"
    assert _settings(PG, "fokuss.settings.prod", f"{DB}['CONN_MAX_AGE']", CONN_MAX_AGE="0") == "0"


def test_sqlite_and_development_open_a_connection_per_request(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    assert _settings("", "fokuss.settings.prod", f"{DB}['CONN_MAX_AGE']") == "0"
    assert _settings(PG, "fokuss.settings.dev", f"{DB}['CONN_MAX_AGE']") == "0"


def test_sessions_are_cached_and_written_through_to_the_database():
    assert _settings("", "fokuss.settings.prod", "settings.SESSION_ENGINE") == "fokuss.sessions"


def test_cache_is_redis_when_configured_and_local_otherwise(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    backend = "settings.CACHES['default']['BACKEND']"
    assert _settings("", "fokuss.settings.prod", backend, REDIS_URL="redis://127.0.0.1:6379/0") == (
        "django.core.cache.backends.redis.RedisCache")
    assert _settings("", "fokuss.settings.prod", backend) == "django.core.cache.backends.filebased.FileBasedCache"


def test_the_benchmark_view_is_routed_only_when_asked_for(monkeypatch):
    monkeypatch.delenv("BENCH_HELLO", raising=False)
    resolve = "__import__('django.urls').urls.resolve('/bench-hello').func.__name__"
    assert _settings("", "fokuss.settings.prod", "settings.BENCH_HELLO") == "False"
    assert _settings("", "fokuss.settings.prod", resolve, BENCH_HELLO="true") == "bench_hello"


def test_the_cache_may_have_a_redis_of_its_own_while_the_broker_keeps_redis_url(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    expression = "settings.CACHES['default']['LOCATION'], settings.CELERY_BROKER_URL"
    both = _settings(PG, "fokuss.settings.dev", expression, REDIS_URL="redis://broker:6379/0",
                     CACHE_REDIS_URL="redis://cache:6379/0")
    assert both == "redis://cache:6379/0 redis://broker:6379/0"
    one = _settings(PG, "fokuss.settings.dev", expression, REDIS_URL="redis://broker:6379/0", CACHE_REDIS_URL="")
    assert one == "redis://broker:6379/0 redis://broker:6379/0"
