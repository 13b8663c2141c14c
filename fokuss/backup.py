"""Whole-site backup and restore: the database and the uploaded files, in one directory.

A backup is a timestamped directory under ``settings.BACKUP_DIR`` holding
  database.dump     PostgreSQL: ``pg_dump -Fc`` (custom format, restored with pg_restore)
  database.sqlite3  SQLite: a consistent copy made with SQLite's online backup API
  media.tar.gz      everything under MEDIA_ROOT
  manifest.json     created_at, database vendor, row count per table, SHA-256 of every media file
                    and of the two archives
Restoring checks the archives against the manifest first, replaces the database and MEDIA_ROOT,
then counts again and compares with the manifest. Neither step needs the application to be
stopped, but a restore should run with web, worker and beat stopped (they would write into the
database while it is replaced).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump / pg_restore with argument lists, no shell
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .cache import forum_version_bump

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_TAR = "media.tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup or restore could not be made or did not check out (message in Indonesian)."""


@dataclass
class RoundTrip:
    directory: Path
    vendor: str
    tables: int
    rows: int
    files: int
    seconds: float
    mismatches: list[str] = field(default_factory=list)


# Helpers ------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_hashes(root: Path | None = None) -> dict[str, str]:
    """SHA-256 of every file under MEDIA_ROOT, keyed by its path relative to it (POSIX)."""
    root = root or _media_root()
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _count(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        # Table names come from the database's own catalogue and are quoted: no user input.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts() -> dict[str, int]:
    """Row count of every table in the database (Django's and the apps', migrations included)."""
    with connection.cursor() as cursor:
        return _count(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore from DATABASES (the password goes through
    the environment, never the command line, where ``ps`` would show it)."""
    db = connection.settings_dict
    args = [program, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    binary = shutil.which(args[0])
    if binary is None:
        raise BackupError(f"Program {args[0]} tidak ditemukan (pasang postgresql-client).")
    result = subprocess.run([binary, *args[1:]], env=env, capture_output=True, text=True, check=False)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} gagal (kode {result.returncode}): {result.stderr.strip()[:2000]}")


def _sqlite_connection() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


# Backup -------------------------------------------------------------------------------------------


def _dump_database(directory: Path) -> tuple[str, dict[str, int]]:
    """Write the database file and return its name with the row counts *of that copy* (counted
    in the same snapshot, so writes that land during the backup cannot make the manifest lie)."""
    vendor = connection.vendor
    if vendor == "postgresql":
        if connection.in_atomic_block:
            raise BackupError("Cadangan tidak dapat dibuat di dalam transaksi yang sedang berjalan.")
        with transaction.atomic(), connection.cursor() as cursor:
            # pg_dump joins this transaction's snapshot; the counts below see exactly what it dumps.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            args, env = _pg_command("pg_dump")
            _run([*args, "--format=custom", f"--snapshot={snapshot}", "--file", str(directory / PG_DUMP),
                  connection.settings_dict["NAME"]], env)
            counts = _count(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)
        return PG_DUMP, counts
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        copy = sqlite3.connect(directory / SQLITE_COPY)
        try:
            _sqlite_connection().backup(copy)
            counts = _count(copy.cursor(), tables, connection.ops.quote_name)
        finally:
            copy.close()
        return SQLITE_COPY, counts
    raise BackupError(f"Basis data {vendor} tidak didukung (hanya PostgreSQL dan SQLite).")


def _archive_media(directory: Path) -> dict[str, str]:
    """Write media.tar.gz and return the SHA-256 of each file *as archived* (read back from the
    archive, so a file uploaded or replaced meanwhile cannot make the manifest lie)."""
    root = _media_root()
    with tarfile.open(directory / MEDIA_TAR, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
    hashes = {}
    with tarfile.open(directory / MEDIA_TAR, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                digest = hashlib.sha256()
                with tar.extractfile(member) as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
                hashes[member.name] = digest.hexdigest()
    return dict(sorted(hashes.items()))


def site_backup(*, backup_dir: Path | None = None) -> Path:
    """Write a backup of the database and MEDIA_ROOT into a new timestamped directory and return
    it. The directory is only given its final name once everything is written, so a half-made
    backup never looks like a usable one."""
    base = Path(backup_dir or settings.BACKUP_DIR)
    base.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    name = created.strftime("%Y%m%d-%H%M%S")
    final = base / name
    suffix = 1
    while final.exists():
        final = base / f"{name}-{suffix}"
        suffix += 1
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=base))
    try:
        database_file, counts = _dump_database(work)
        media = _archive_media(work)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "database": {"vendor": connection.vendor, "file": database_file,
                         "sha256": _sha256(work / database_file)},
            "tables": counts,
            "media": {"file": MEDIA_TAR, "sha256": _sha256(work / MEDIA_TAR), "files": media},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        work.chmod(0o700)  # the dump holds personal data and password hashes
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


# Restore ------------------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} tidak dapat dibaca: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return manifest


def _check_archives(directory: Path, manifest: dict) -> None:
    for entry in (manifest["database"], manifest["media"]):
        path = directory / entry["file"]
        if not path.is_file():
            raise BackupError(f"Berkas {path.name} tidak ada di {directory}.")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"Berkas {path.name} rusak: SHA-256 tidak cocok dengan manifest.")


def _restore_database(directory: Path, manifest: dict) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"Cadangan ini dari {vendor}, basis data sekarang {connection.vendor}.")
    source = directory / manifest["database"]["file"]
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_command("pg_restore")
        _run([*args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--dbname", connection.settings_dict["NAME"], str(source)], env)
        return
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(_sqlite_connection())
    finally:
        origin.close()


def _restore_media(directory: Path) -> None:
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        with tarfile.open(directory / MEDIA_TAR, "r:gz") as tar:
            tar.extractall(staging, filter="data")  # "data" refuses absolute paths, links out, devices
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), root / child.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def site_verify(*, directory: Path, manifest: dict | None = None) -> list[str]:
    """Differences between the live database / MEDIA_ROOT and a backup's manifest (empty: equal)."""
    manifest = manifest or read_manifest(directory)
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"tabel {table}: {counts.get(table)} baris, manifest {expected}")
    for table in sorted(set(counts) - set(manifest["tables"])):
        problems.append(f"tabel {table} tidak ada di manifest")
    hashes = media_hashes()
    for name, digest in manifest["media"]["files"].items():
        if hashes.get(name) != digest:
            problems.append(f"berkas {name}: {'hilang' if name not in hashes else 'isi berbeda'}")
    for name in sorted(set(hashes) - set(manifest["media"]["files"])):
        problems.append(f"berkas {name} tidak ada di manifest")
    return problems


def site_restore(*, directory: Path) -> RoundTrip:
    """Replace the database and MEDIA_ROOT with the backup in ``directory`` and verify the result
    against its manifest. Raises BackupError when the backup is damaged (before anything is
    touched) or when the restored site differs from the manifest."""
    started = time.monotonic()
    directory = Path(directory)
    manifest = read_manifest(directory)
    _check_archives(directory, manifest)
    _restore_database(directory, manifest)
    _restore_media(directory)
    forum_version_bump(None)  # the cache holds pages of the replaced data
    problems = site_verify(directory=directory, manifest=manifest)
    result = RoundTrip(directory=directory, vendor=manifest["database"]["vendor"], tables=len(manifest["tables"]),
                       rows=sum(manifest["tables"].values()), files=len(manifest["media"]["files"]),
                       seconds=time.monotonic() - started, mismatches=problems)
    if problems:
        raise BackupError("Hasil pemulihan tidak cocok dengan manifest:\n" + "\n".join(problems))
    return result
