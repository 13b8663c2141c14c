"""Writes for competency."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from .models import Competency, Framework, LevelDescriptor

SEED_FILE = Path(__file__).resolve().parent / "data" / "competencies.yaml"


def framework_load_seed(*, path: Path = SEED_FILE) -> Framework:
    """Load the seed framework as version 1 if no framework exists yet. After the first load the
    database is the source of truth: the seed never overwrites edits."""
    existing = Framework.current()
    if existing is not None:
        return existing
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        framework = Framework.objects.create(
            version=1, prerequisites_note=data.get("prerequisites_note", "").strip(), published_at=timezone.now()
        )
        for position, item in enumerate(data["competencies"], start=1):
            competency = Competency.objects.create(
                framework=framework, code=item["code"], name=item["name"], name_en=item.get("name_en", ""),
                group=item["group"], description=item.get("description", ""),
                evidence="\n".join(item.get("evidence", [])), position=position,
            )
            LevelDescriptor.objects.bulk_create(
                LevelDescriptor(competency=competency, level=int(level), description=text)
                for level, text in item["levels"].items()
            )
    return framework
