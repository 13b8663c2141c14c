import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fokuss.backup import BackupError, read_manifest, site_backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump -Fc, or SQLite's online backup) and MEDIA_ROOT into a new "
            "timestamped directory under BACKUP_DIR, with a manifest.json (row counts, file hashes).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="parent directory (default: settings.BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=0,
                            help="afterwards keep only the newest N backups in that directory (0: keep all)")

    def handle(self, *args, dir: Path | None, keep: int, **options):
        started = time.monotonic()
        try:
            directory = site_backup(backup_dir=dir)
        except BackupError as exc:
            raise CommandError(f"Pencadangan gagal: {exc}") from exc
        manifest = read_manifest(directory)
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan dibuat: {directory} ({manifest['database']['vendor']}, {len(manifest['tables'])} tabel, "
            f"{sum(manifest['tables'].values())} baris, {len(manifest['media']['files'])} berkas, "
            f"{time.monotonic() - started:.1f} detik)"))
        if keep > 0:
            backups = sorted(p for p in directory.parent.iterdir() if (p / "manifest.json").is_file())
            for old in backups[:-keep]:
                shutil.rmtree(old)
                self.stdout.write(f"Cadangan lama dihapus: {old}")
