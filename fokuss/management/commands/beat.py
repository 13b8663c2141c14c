import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fokuss.beat import BeatAlreadyRunning, beat_lock
from fokuss.celery import app


class Command(BaseCommand):
    help = ("Start Celery beat (DatabaseScheduler) unless another beat already runs: takes the beat lock "
            "(Redis when REDIS_URL is set, else a lock file in var/) first. See fokuss/beat.py.")

    def add_arguments(self, parser):
        parser.add_argument("--wait", action="store_true",
                            help="standby: wait until the lock is free instead of refusing to start")
        parser.add_argument("--loglevel", default="INFO")

    def handle(self, *args, wait: bool, loglevel: str, **options):
        while True:
            try:
                with beat_lock(redis_url=settings.REDIS_URL, lock_file=settings.VAR_DIR / "celery-beat.lock") as me:
                    self.stdout.write(f"Kunci beat dipegang oleh {me}; beat dimulai.")
                    app.Beat(loglevel=loglevel, scheduler="django_celery_beat.schedulers:DatabaseScheduler",
                             pidfile=None).run()
                    return
            except BeatAlreadyRunning as exc:
                if not wait:
                    raise CommandError(f"Beat tidak dimulai: {exc}. Hanya boleh ada satu beat.") from exc
                time.sleep(5)
