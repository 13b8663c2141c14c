import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fokuss.demo import DEMO_PASSWORD, seed_all
from members.demo import DEMO_ACCOUNTS, DEMO_FORUM_SHORT_NAME
from members.models import Forum


class Command(BaseCommand):
    help = "Load the FOKUSS Sokaraja demo data (fictional people, real village names and codes)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        if Forum.objects.filter(short_name=DEMO_FORUM_SHORT_NAME).exists():
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        else:
            today = today or timezone.localdate()
            with transaction.atomic():
                seed_all(today=today, log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS("Data demo FOKUSS Sokaraja dimuat."))
        self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}):")
        for role, email in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<28} {email}")
