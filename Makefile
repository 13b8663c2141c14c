# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test system-packages install migrate demo lint typecheck security check-deploy messages bench bench-reports bench-load backup restore clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	@echo ""
	@echo "  FOKUSS portal: http://127.0.0.1:8000  (health: http://127.0.0.1:8000/healthz)"
	@echo "  Web, Celery worker and beat start together (Ctrl+C stops all three)."
	@echo ""
	$(BIN)/honcho -f Procfile start

# Debian packages the suite needs: installed when missing and possible, else one line saying how.
system-packages:
	@scripts/system-packages

test: system-packages install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

security: install
	$(BIN)/bandit -q -c pyproject.toml -r .

# Database + uploads into var/backups/<timestamp>/ (BACKUP_DIR); KEEP=14 keeps the newest 14.
backup: install
	$(BIN)/python manage.py backup_site $(if $(KEEP),--keep $(KEEP))

# Replace database + uploads with a backup, verified against its manifest: make restore BACKUP=var/backups/<dir>
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<timestamp>"; exit 2; }
	$(BIN)/python manage.py restore_site "$(BACKUP)"

check-deploy: install
	DJANGO_SETTINGS_MODULE=fokuss.settings.prod SECRET_KEY=ci-dummy-secret-key-that-is-long-enough-0123456789abcdef \
	ALLOWED_HOSTS=portal.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

bench: install
	$(BIN)/python bench/run_all.py

# The reports' targets only: capacity report PDF, kabupaten roll-up in the background, 300-village XLSX
bench-reports: install
	$(BIN)/python bench/bench_reports.py

# gunicorn + PostgreSQL + Redis under wrk (see bench/load.py; BENCH_SECONDS=10 for a shorter run)
bench-load: install
	$(BIN)/python bench/load.py

clean:
	rm -rf var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
