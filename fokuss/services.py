"""Small helpers shared by the apps' services."""

from __future__ import annotations

from typing import Any

from django.db import models


def model_update(*, instance: models.Model, fields: list[str], data: dict[str, Any]) -> tuple[models.Model, bool]:
    """Copy ``data[field]`` onto ``instance`` for the named fields present in data; validate and
    save only the changed ones. Returns (instance, changed)."""
    changed = [f for f in fields if f in data and getattr(instance, f) != data[f]]
    for name in changed:
        setattr(instance, name, data[name])
    if changed:
        instance.full_clean()
        instance.save(update_fields=changed)
    return instance, bool(changed)
