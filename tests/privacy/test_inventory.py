"""Every model holding personal data has a decision in privacy/inventory.py, and every
"anonymise" / "delete" decision has a handler in the erasure service."""

import re

from django.apps import apps
from django.conf import settings

from privacy.inventory import INVENTORY
from privacy.services import HANDLERS

PERSONAL_FIELD = re.compile(r"email|whatsapp|phone|nip|ip_address|user_agent|^ip$")


def _holds_personal_data(model) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if model is user_model:
        return True
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is user_model and (f.many_to_one or f.one_to_one):
            return True
        if PERSONAL_FIELD.search(f.name):
            return True
    return False


def test_every_model_with_personal_data_is_in_the_inventory():
    missing = sorted(m._meta.label for m in apps.get_models() if _holds_personal_data(m)
                     and m._meta.label not in INVENTORY)
    assert not missing, f"models holding personal data without a decision in privacy/inventory.py: {missing}"


def test_historical_models_are_covered_too():
    historical = [m._meta.label for m in apps.get_models() if m.__name__.startswith("Historical")
                  and _holds_personal_data(m)]
    assert historical and all(label in INVENTORY for label in historical)


def test_inventory_names_only_existing_models():
    labels = {m._meta.label for m in apps.get_models()}
    assert sorted(set(INVENTORY) - labels) == []


def test_every_decision_is_known_and_explained():
    for label, entry in INVENTORY.items():
        assert entry.decision in ("anonymise", "delete", "keep"), label
        assert len(entry.basis) > 20, label


def test_the_erasure_service_handles_exactly_what_the_inventory_removes():
    acted = {label for label, entry in INVENTORY.items() if entry.decision != "keep"}
    assert set(HANDLERS) == acted


def test_official_records_are_kept_under_the_archive_basis():
    for label in ("trainings.Minutes", "trainings.Certificate", "trainings.Attendance", "obligations.Submission",
                  "members.SecretaryTenure"):
        entry = INVENTORY[label]
        assert entry.decision == "keep" and "Kearsipan" in entry.basis
