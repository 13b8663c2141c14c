"""Backup -> wipe -> restore round trip on the demo data plus synthetic uploads. Prints tables,
rows, files, bytes and seconds for the backup and for the restore (which verifies row counts and
file hashes against the manifest). Asserts nothing.

    .venv/bin/python bench/bench_backup.py --files 200 --kb 300            # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fokuss_bench_backup .venv/bin/python bench/bench_backup.py

Uses a scratch MEDIA_ROOT and BACKUP_DIR in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100, help="synthetic uploads to add")
    parser.add_argument("--kb", type=int, default=200, help="size of each upload in KiB")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="fokuss-bench-backup-"))
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ["BACKUP_DIR"] = str(scratch / "backups")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from bench_sweep import _fresh_postgres_database

        _fresh_postgres_database(os.environ["DATABASE_URL"])
    from _django import setup

    setup(name="backup")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from fokuss import backup

    settings.MEDIA_ROOT = str(scratch / "media")  # the test settings pin their own MEDIA_ROOT
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    uploads = Path(settings.MEDIA_ROOT) / "bench"
    uploads.mkdir(parents=True, exist_ok=True)
    for i in range(options.files):
        (uploads / f"bukti-{i:04d}.pdf").write_bytes(os.urandom(options.kb * 1024))
    size = sum(p.stat().st_size for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())

    started = time.monotonic()
    directory = backup.site_backup()
    backed_up = time.monotonic() - started
    archive = sum(p.stat().st_size for p in directory.iterdir())
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    result = backup.site_restore(directory=directory)
    print(f"{connection.vendor}: {result.tables} tables, {result.rows} rows, {result.files} files "
          f"({size / 2**20:.1f} MiB) -> backup of {archive / 2**20:.1f} MiB")
    print(f"backup {backed_up:.2f} s, restore + verify {result.seconds:.2f} s, mismatches: {len(result.mismatches)}")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
