"""There is no Docker engine here, so the deployment files are checked by reading them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ["migrate", "web", "worker", "beat"]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service():
    services = _compose()["services"]
    assert set(services) == {"postgres", "pgbouncer", "redis", "cache", "minio", "createbucket", "migrate", "web",
                             "worker", "beat", "proxy"}


def test_the_cache_evicts_when_full_and_the_broker_never_does():
    services = _compose()["services"]
    cache = services["cache"]["command"]
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru" and "--maxmemory" in cache
    assert "--maxmemory-policy" not in services["redis"]["command"]  # the broker: noeviction (the default)
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["CACHE_REDIS_URL"] == "redis://cache:6379/0" and env["REDIS_URL"] == "redis://redis:6379/0"


def test_only_the_proxy_is_published_on_the_host():
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {"80:80", "443:443"} <= set(services["proxy"]["ports"])
    assert services["web"]["expose"] == ["8000"]
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_proxy_config_forwards_to_gunicorn():
    proxy = _compose()["services"]["proxy"]
    assert proxy["image"].startswith("caddy:")
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile
    assert "{$SITE_DOMAIN" in caddyfile


def test_no_default_passwords():
    text = (ROOT / "docker-compose.yml").read_text()
    assert not re.search(r"POSTGRES_PASSWORD:-", text), "a default database password"
    assert not re.search(r"MINIO_ROOT_PASSWORD:-", text), "a default object storage password"
    services = _compose()["services"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert services["pgbouncer"]["environment"]["DB_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    for name in ("minio", "createbucket"):
        assert services[name]["environment"]["MINIO_ROOT_PASSWORD"].startswith("${MINIO_ROOT_PASSWORD:?"), name
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"], name
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name


def test_app_trusts_the_proxy_and_keeps_backups_in_a_volume():
    services = _compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["BEHIND_PROXY"] == "true", name
        assert env["BACKUP_DIR"] == "/app/var/backups" and "backups:/app/var/backups" in services[name]["volumes"]
        assert "ACCESS_LOG_RETENTION_DAYS" in env
    assert set(_compose()["volumes"]) >= {"backups", "caddydata"}
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text()


def _prod_proxy_header(behind_proxy: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "BEHIND_PROXY"}
    env.update({"DJANGO_SETTINGS_MODULE": "fokuss.settings.prod", "SECRET_KEY": "x" * 60})
    if behind_proxy is not None:
        env["BEHIND_PROXY"] = behind_proxy
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_prod_trusts_x_forwarded_proto_only_behind_a_proxy():
    assert _prod_proxy_header(None) == "None"
    assert _prod_proxy_header("false") == "None"
    assert _prod_proxy_header("true") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_app_services_share_database_and_broker_settings():
    services = _compose()["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        # Through PgBouncer, but the one-shot migrate straight to PostgreSQL.
        host = "@postgres:5432/" if name == "migrate" else "@pgbouncer:5432/"
        assert env["DATABASE_URL"].startswith("postgres://") and host in env["DATABASE_URL"], name
        assert env["DATABASE_POOLER"] == ("" if name == "migrate" else "pgbouncer"), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert env["DJANGO_SETTINGS_MODULE"] == "fokuss.settings.prod", name
        assert "SECRET_KEY" in env and ":?" in env["SECRET_KEY"], f"{name}: SECRET_KEY must be required"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_commands():
    services = _compose()["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["command"] == ["gunicorn", "fokuss.wsgi:application", "--config", "gunicorn.conf.py"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "fokuss", "worker"]
    # Exactly one beat: the wrapper takes the lock, then runs beat with the DatabaseScheduler.
    assert services["beat"]["command"][:3] == ["python", "manage.py", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in (ROOT / "fokuss/management/commands/beat.py").read_text()
    assert "--wait" not in services["beat"]["command"]
    for name in ["web", "worker", "beat"]:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_web_healthcheck_uses_healthz():
    web = _compose()["services"]["web"]
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_backing_services_have_healthchecks_and_volumes():
    services = _compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert set(_compose()["volumes"]) >= {"pgdata", "media"}


def test_dockerfile_runs_gunicorn_with_locked_requirements():
    text = (ROOT / "Dockerfile").read_text()
    assert "requirements.lock" in text and "collectstatic" in text
    assert 'CMD ["gunicorn", "fokuss.wsgi:application", "--config", "gunicorn.conf.py"]' in text


def _gunicorn_conf(monkeypatch, **env):
    for name in ["WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_WORKER_CLASS", "GUNICORN_ACCESSLOG", "PORT",
                 "GUNICORN_BIND"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    return namespace


def test_gunicorn_config_defaults(monkeypatch):
    conf = _gunicorn_conf(monkeypatch)
    assert conf["bind"] == "0.0.0.0:8000"
    assert conf["worker_class"] in {"sync", "gthread"}
    assert (conf["workers"], conf["threads"]) == (2 * (os.cpu_count() or 1) + 1, 2)
    assert conf["max_requests"] == 0  # recycling workers showed as a p95 of 0.5-0.9 s (bench/README.md)
    assert conf["preload_app"] is True
    assert conf["accesslog"] is None
    assert callable(conf["post_fork"])


def test_gunicorn_config_reads_the_environment(monkeypatch):
    conf = _gunicorn_conf(monkeypatch, WEB_CONCURRENCY="7", GUNICORN_THREADS="2", GUNICORN_WORKER_CLASS="sync",
                          GUNICORN_ACCESSLOG="-", PORT="9000", GUNICORN_MAX_REQUESTS="5000")
    assert (conf["workers"], conf["threads"], conf["worker_class"], conf["accesslog"], conf["bind"]) == (
        7, 2, "sync", "-", "0.0.0.0:9000")
    assert conf["max_requests"] == 5000


def test_gunicorn_config_is_valid_for_gunicorn():
    from gunicorn.app.base import Application

    class App(Application):
        def init(self, parser, opts, args):
            return None

        def load(self):
            return None

    app = App.__new__(App)
    app.usage, app.callable, app.prog = None, None, None
    app.cfg = None
    app.load_default_config()
    app.load_config_from_file(str(ROOT / "gunicorn.conf.py"))
    assert app.cfg.preload_app is True
    assert app.cfg.worker_class_str in {"sync", "gthread"}


def test_procfile_starts_web_worker_and_beat():
    entries = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    assert set(entries) == {"web", "worker", "beat"}
    assert "runserver" in entries["web"]
    assert "celery -A fokuss worker" in entries["worker"]
    assert "manage.py beat" in entries["beat"]


def test_readme_starts_with_the_two_commands():
    lines = [line.strip() for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    commands = [line for line in lines[:12] if line.startswith("make ")]
    assert commands[:2] == ["make run", "make test"]


def test_ci_script_starts_services_and_runs_make_test():
    text = (ROOT / ".ci" / "run").read_text()
    assert "pg_ctlcluster --skip-systemctl-redirect" in text
    assert "redis-server --daemonize yes" in text
    assert "DATABASE_URL=" in text and "REDIS_URL=" in text
    assert "make test" in text and "make lint" in text and "make typecheck" in text and "makemigrations --check" in text
    assert "check-deploy" in text
    assert "make security" in text


def test_makefile_has_operator_targets():
    text = (ROOT / "Makefile").read_text()
    for target in ("backup:", "restore:", "security:"):
        assert f"\n{target}" in text, target
    assert "backup_site" in text and "restore_site" in text and "bandit -q -c pyproject.toml -r ." in text


def test_pgbouncer_pools_transactions_and_the_app_disables_server_side_cursors():
    services = _compose()["services"]
    bouncer = services["pgbouncer"]
    assert bouncer["environment"]["POOL_MODE"] == "transaction"
    assert bouncer["environment"]["DB_HOST"] == "postgres"
    assert bouncer["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert not bouncer.get("ports")
    code = ("import django; django.setup(); from django.db import connection; "
            "print(connection.settings_dict.get('DISABLE_SERVER_SIDE_CURSORS', False))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fokuss.settings.prod", "SECRET_KEY": "x" * 60,
           "DATABASE_URL": "postgres://u:p@pgbouncer:5432/fokuss"}
    for pooler, expected in (("pgbouncer", "True"), ("", "False")):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DATABASE_POOLER": pooler},
                             capture_output=True, text=True, check=True).stdout.strip()
        assert out == expected, pooler


def test_minio_holds_the_uploads_in_a_private_bucket_made_by_a_one_shot_mc():
    services = _compose()["services"]
    assert services["minio"]["image"].startswith("minio/minio")
    assert "miniodata:/data" in services["minio"]["volumes"] and "miniodata" in _compose()["volumes"]
    assert "mc" in " ".join(services["minio"]["healthcheck"]["test"])
    bucket = services["createbucket"]
    assert bucket["image"].startswith("minio/mc") and bucket["restart"] == "no"
    assert bucket["depends_on"]["minio"]["condition"] == "service_healthy"
    script = " ".join(bucket["command"])
    assert "mc mb --ignore-existing" in script and "mc anonymous set none" in script
    published = {name for name, service in services.items() if service.get("ports")}
    assert "minio" not in published
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["S3_BUCKET"] and env["AWS_S3_ENDPOINT_URL"].endswith("minio:9000}"), name
        assert env["AWS_SECRET_ACCESS_KEY"].startswith("${MINIO_ROOT_PASSWORD:?"), name
        assert services[name]["depends_on"]["createbucket"]["condition"] == "service_completed_successfully"


def test_prod_stores_uploads_in_s3_when_a_bucket_is_set():
    code = ("import django; django.setup(); from django.core.files.storage import storages; s = storages[\"default\"]; "
            "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fokuss.settings.prod", "SECRET_KEY": "x" * 60}
    env.pop("S3_BUCKET", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out.startswith("FileSystemStorage")
    env.update(S3_BUCKET="fokuss-media", AWS_S3_ENDPOINT_URL="http://minio:9000", AWS_ACCESS_KEY_ID="k",
               AWS_SECRET_ACCESS_KEY="s")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "S3Storage fokuss-media http://minio:9000"
