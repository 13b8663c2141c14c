from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.services import regions_import_csv


class Command(BaseCommand):
    help = "Import villages (with province, regency and kecamatan) from a CSV with Kemendagri codes."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args, csv_path: Path, **options):
        try:
            text = csv_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Tidak dapat membaca {csv_path}: {exc}") from exc
        try:
            result = regions_import_csv(text=text)
        except ValidationError as exc:
            raise CommandError("Impor dibatalkan, tidak ada yang disimpan:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Desa: {result.created} baru, {result.updated} diperbarui, {result.unchanged} tetap.")
        )
