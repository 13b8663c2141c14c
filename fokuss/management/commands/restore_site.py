from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fokuss.backup import BackupError, read_manifest, site_restore


class Command(BaseCommand):
    help = ("Replace the database and MEDIA_ROOT with a backup made by backup_site, then verify row "
            "counts and file hashes against its manifest. Stop web, worker and beat first.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a backup directory (holding manifest.json)")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, directory: Path, interactive: bool, **options):
        try:
            manifest = read_manifest(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if interactive:
            answer = input(
                f"Basis data dan berkas unggahan sekarang akan DIGANTI dengan cadangan {directory} "
                f"({manifest['created_at']}). Ketik 'ya' untuk melanjutkan: ")
            if answer.strip().lower() not in {"ya", "yes"}:
                raise CommandError("Dibatalkan.")
        try:
            result = site_restore(directory=directory)
        except BackupError as exc:
            raise CommandError(f"Pemulihan gagal: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Dipulihkan dari {directory}: {result.tables} tabel, {result.rows} baris, {result.files} berkas, "
            f"cocok dengan manifest ({result.seconds:.1f} detik)"))
