"""The reminder sweep at national scale: 75,266 villages x the 17 obligations (one year of
deadlines, 2.1 million rows), swept for an ordinary day (5 November: the monthly cash report at H-5), the busiest lead day (1 March: LPJ, LPPD,
LKPPD and IPPD all at H-30) and the busiest escalation day (1 April: the same four overdue H+1,
every village open). Prints, per day: seconds to compute the messages (all apps' reminder
modules), seconds to plan them (insert Delivery rows, enqueue the send tasks), the number of
queries and the rows created. Target: <= 60 s per day on a 2-core machine. Asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fokuss_bench_sweep \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/bench_sweep.py
    .venv/bin/python bench/bench_sweep.py --kecamatan 100 --villages 1000     # SQLite scratch file

The scratch PostgreSQL database is created if missing and rebuilt from scratch. The broker is
CELERY_BROKER_URL (the send tasks are really enqueued, in batches); the benchmark purges that queue
afterwards, so point it at a Redis database of its own.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _fresh_postgres_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kecamatan", type=int, default=7285)
    parser.add_argument("--villages", type=int, default=75266)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--days", default="", help="comma-separated YYYY-MM-DD (default: 5 Nov, 1 Mar, 1 Apr)")
    parser.add_argument("--reuse", action="store_true", help="keep the data of the previous run (no generation)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres") and not args.reuse:
        _fresh_postgres_database(url)
    from _django import setup

    setup(name="sweep")
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.utils import timezone
    from national_data import generate

    from fokuss.celery import app
    from notifications import services
    from notifications.models import Delivery, Notification

    settings.DEBUG = True  # count queries
    print(f"database: {connection.vendor}; broker: {settings.CELERY_BROKER_URL}; cpus: {os.cpu_count()}")
    from obligations.models import Deadline

    if args.reuse and Deadline.objects.exists():
        print(f"reusing {Deadline.objects.count()} deadlines of {Deadline.objects.values('village').distinct().count()} villages")
    else:
        print(f"generating {args.kecamatan} kecamatan, {args.villages} villages ...")
        generate(kecamatan=args.kecamatan, villages=args.villages, year=args.year)

    days = [datetime.date.fromisoformat(d) for d in args.days.split(",") if d] or [
        datetime.date(args.year, 11, 5), datetime.date(args.year, 3, 1), datetime.date(args.year, 4, 1)]
    print()
    print(f"{'day':<12} {'messages':>9} {'compute s':>10} {'plan s':>8} {'total s':>8} {'queries':>8} "
          f"{'rows':>9} {'tasks':>7}")
    for day in days:
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))
        published = []
        original = app.amqp.send_task_message

        def counting(*a, _original=original, _published=published, **kw):
            _published.append(1)
            return _original(*a, **kw)

        app.amqp.send_task_message = counting
        reset_queries()
        t0 = time.perf_counter()
        messages = []
        for _name, module in services.reminder_modules():
            messages.extend(module.due_messages(now=now))
        t1 = time.perf_counter()
        created = services.deliveries_plan(messages=messages, now=now)
        services.deliveries_requeue(now=now)
        t2 = time.perf_counter()
        queries = len(connection.queries)
        app.amqp.send_task_message = original
        print(f"{day.isoformat():<12} {len(messages):>9} {t1 - t0:>10.1f} {t2 - t1:>8.1f} {t2 - t0:>8.1f} "
              f"{queries:>8} {created:>9} {len(published):>7}")
        with connection.cursor() as cursor:  # faster than a cascading ORM delete of ~1M rows
            cursor.execute(f"UPDATE {Notification._meta.db_table} SET delivery_id = NULL")
            cursor.execute(f"DELETE FROM {Delivery._meta.db_table}")
    try:
        purged = app.control.purge()
        print(f"\npurged {purged} queued tasks from the benchmark broker")
    except Exception as exc:  # noqa: BLE001
        print(f"\ncould not purge the broker: {exc}")


if __name__ == "__main__":
    main()
