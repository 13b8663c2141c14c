"""Shared set-up for the benchmarks: Django on a scratch database (DATABASE_URL if set, else a
temporary SQLite file), migrated from scratch."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(*, name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fokuss.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.gettempdir()}/fokuss-bench-{name}.sqlite3"
        Path(os.environ["DATABASE_URL"][len("sqlite:///"):]).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
