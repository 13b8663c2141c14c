FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=fokuss.settings.prod \
    VIRTUAL_ENV=/app/.venv PATH=/app/.venv/bin:$PATH

# WeasyPrint needs pango; psycopg2 builds against libpq; gettext compiles translations;
# postgresql-client brings pg_dump / pg_restore (15, like the postgres:15 service) for backup_site.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN python -m venv .venv && pip install --no-cache-dir uv && uv pip install --no-cache -r requirements.lock
COPY . .
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv \
 && SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 fokuss && mkdir -p /app/var/media /app/var/backups && chown -R fokuss /app/var
USER fokuss
EXPOSE 8000
CMD ["gunicorn", "fokuss.wsgi:application", "--config", "gunicorn.conf.py"]
