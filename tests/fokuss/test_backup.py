"""Backup -> wipe -> restore round trip, on whichever database the suite runs on (SQLite by
default, PostgreSQL in CI). Dump and restore work outside the test transaction, hence
transaction=True."""

import json
import shutil
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from fokuss import backup
from members.models import AccessLog, Forum, User
from tests.factories import ForumFactory, TenureFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_DIR = str(tmp_path / "backups")
    forum = ForumFactory()
    forum.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"logo" * 100))
    for i in range(5):
        TenureFactory(user=UserFactory(), village__district=forum.district)
        AccessLog.objects.create(action="login", path=f"/accounts/login/?n={i}")
    uploads = Path(settings.MEDIA_ROOT) / "submissions" / "2026"
    uploads.mkdir(parents=True)
    for i in range(3):
        (uploads / f"bukti-{i}.pdf").write_bytes(b"%PDF-1.4\n" + bytes([i]) * 2048)
    return forum


def _wipe(settings):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def test_round_trip_restores_rows_and_files(site, settings, capsys):
    rows_before = backup.table_counts()
    files_before = backup.media_hashes()
    assert len(files_before) == 4 and rows_before["members_user"] >= 5

    started = time.monotonic()
    directory = backup.site_backup()
    backed_up = time.monotonic()
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == rows_before
    assert manifest["media"]["files"] == files_before
    assert directory.parent == Path(settings.BACKUP_DIR)
    assert not [p for p in directory.parent.iterdir() if p.name.startswith(".partial-")]

    _wipe(settings)
    assert User.objects.count() == 0 and not backup.media_hashes()

    result = backup.site_restore(directory=directory)
    restored = time.monotonic()
    assert backup.table_counts() == rows_before
    assert backup.media_hashes() == files_before
    assert result.mismatches == []
    assert Forum.objects.get(pk=site.pk).logo.read().startswith(b"\x89PNG")
    with capsys.disabled():
        print(f"\n[backup round trip, {connection.vendor}] {result.tables} tables, {result.rows} rows, "
              f"{result.files} files: backup {backed_up - started:.2f} s, restore {restored - backed_up:.2f} s")


def test_restore_refuses_a_damaged_backup_before_touching_anything(site, settings):
    directory = backup.site_backup()
    with (directory / backup.MEDIA_TAR).open("ab") as fh:
        fh.write(b"tampered")
    users = User.objects.count()
    with pytest.raises(backup.BackupError, match="rusak"):
        backup.site_restore(directory=directory)
    assert User.objects.count() == users


def test_verify_reports_differences(site, settings):
    directory = backup.site_backup()
    AccessLog.objects.create(action="logout")
    (Path(settings.MEDIA_ROOT) / "submissions" / "2026" / "bukti-0.pdf").write_bytes(b"lain")
    problems = backup.site_verify(directory=directory)
    assert any("members_accesslog" in p for p in problems)
    assert any("bukti-0.pdf: isi berbeda" in p for p in problems)


def test_commands_and_keep(site, settings, tmp_path):
    call_command("backup_site", verbosity=0)
    call_command("backup_site", "--keep", "1", verbosity=0)
    backups = [p for p in Path(settings.BACKUP_DIR).iterdir() if p.is_dir()]
    assert len(backups) == 1
    _wipe(settings)
    call_command("restore_site", str(backups[0]), "--noinput", verbosity=0)
    assert Forum.objects.filter(pk=site.pk).exists()
    assert len(backup.media_hashes()) == 4
