"""The data bench/load.py runs on: the demo database, a browser's session per role, and with
``BENCH_NATIONAL=1`` the national-scale data (bench/national_data.py) and the kabupaten account's
Banyumas grown to its 27 forums and 331 villages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ}, check=True)


def ensure_database(database_url: str) -> None:
    url = urlsplit(database_url)
    if not url.scheme.startswith("postgres"):
        return
    import psycopg2

    name = url.path.lstrip("/")
    conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username,
                            password=url.password or None, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            print(f"creating database {name}", flush=True)
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def prepare(database_url: str) -> None:
    """Create, migrate and seed the demo database when needed, with the static files collected."""
    ensure_database(database_url)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")  # before the seed: it renders PDFs with static files
    manage("seed_demo")


def sessions(accounts: dict[str, str], browsers: int) -> dict[str, list[str]]:
    """``browsers`` server-side sessions per role, as allauth's login would leave them (password and,
    when MFA is on, a second factor already passed), so the benchmark does not depend on the login
    form; each as the Cookie header of a browser with its own CSRF cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    now = time.time()
    for role, email in accounts.items():
        user = get_user_model().objects.get(email=email)
        keys[role] = []
        for _ in range(browsers):
            session = store()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session["account_authentication_methods"] = [
                {"method": "password", "at": now, "email": email},
                {"method": "mfa", "at": now, "type": "totp"},
            ]
            session.save()
            # Every signed-in browser holds a CSRF cookie from the sign-in page on (the pages' forms
            # carry tokens of it, and the page cache keys each page by it: fokuss/page_cache.py).
            keys[role].append(f"sessionid={session.session_key}; csrftoken={get_random_string(32)}")
    return keys


def load_national() -> None:
    """The national-scale data beside the demo forum (bench/national_data.py), extended with what the
    pages read, once per database."""
    from members.models import Village

    if Village.objects.count() >= 70_000:
        return
    from national_data import extend, generate

    generate(first_province=51)
    extend()


def load_kabupaten(email: str) -> None:
    """The kabupaten account's Banyumas as it is: 27 kecamatan forums and 331 villages (the demo has
    3 and 53); the added forums as ``bench_reports.py`` builds them (secretaries, this year's
    deadlines, a training per quarter with attendance, validated levels). Once per database."""
    import datetime

    from members.models import Forum, KabupatenStaff, Village

    regency = KabupatenStaff.objects.select_related("regency").get(user__email=email).regency
    forums = Forum.objects.filter(district__regency=regency).count()
    if forums >= 27:
        return
    from bench_reports import _forum

    missing, villages = 27 - forums, 331 - Village.objects.filter(district__regency=regency).count()
    sizes = [villages // missing + (1 if i < villages % missing else 0) for i in range(missing)]
    year = datetime.date.today().year
    for i, size in enumerate(sizes, start=1):
        _forum(code=f"{regency.code}.{40 + i:02d}", name=f"Kecamatan Sintetis {i:02d}", villages=size,
               regency=regency, years=range(year, year + 1), assess=True)
    print(f"kabupaten {regency.name}: {Forum.objects.filter(district__regency=regency).count()} forums, "
          f"{Village.objects.filter(district__regency=regency).count()} villages", flush=True)
