from django.core.management.base import BaseCommand

from notifications.services import reminders_sweep


class Command(BaseCommand):
    help = "Run the reminder sweep once (what beat runs every 5 minutes): plan deliveries, re-enqueue lost sends."
    requires_system_checks: list = []  # like the beat task: runs whatever state the web side is in

    def handle(self, *args, **options):
        result = reminders_sweep()
        self.stdout.write(f"pesan {result.messages}, baris baru {result.created}, diantrekan ulang {result.requeued}"
                          + (f", galat {result.errors}" if result.errors else ""))
        for app, n in result.per_app.items():
            self.stdout.write(f"  {app}: {n}")
