import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fokuss.cache import forum_version_bump
from fokuss.discovery import app_modules
from members import demo as members_demo
from members.demo import DEMO_ACCOUNTS, DEMO_FORUM_SHORT_NAME, DEMO_PASSWORD, DEMO_TOTP_SECRET
from members.models import Forum


def seed_all(*, today: datetime.date, log) -> Forum:
    """Members first (the forum, its villages and people, the neighbouring forums of the
    kabupaten), then every other app's ``demo.seed`` in INSTALLED_APPS order; apps that give the
    neighbouring forums some figures for the kabupaten roll-up do it in ``demo.seed_neighbour``."""
    forum = members_demo.seed(today=today, log=log)
    neighbours = list(Forum.objects.exclude(pk=forum.pk).order_by("pk"))
    for name, module in app_modules("demo"):
        if name == "members":
            continue
        log(f"- {name}")
        module.seed(forum=forum, today=today, log=log)
        seed_neighbour = getattr(module, "seed_neighbour", None)
        for other in neighbours if seed_neighbour else ():
            seed_neighbour(forum=other, today=today, log=log)
    return forum


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
                forum_version_bump(None)  # the seed writes in bulk (no signals): every cached page afresh
            self.stdout.write(self.style.SUCCESS("Data demo FOKUSS Sokaraja dimuat."))
        self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}):")
        for role, email in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<28} {email}")
        self.stdout.write(f"Pengurus, kantor camat, kabupaten dan admin memakai verifikasi dua langkah: tambahkan kunci "
                          f"{DEMO_TOTP_SECRET} ke aplikasi autentikator (lihat README).")
