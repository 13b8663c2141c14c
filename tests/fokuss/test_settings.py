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
