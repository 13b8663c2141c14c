"""Reads for the personal-data page and export. The export walks every installed model with a
link to the user, so a model added later is exported without touching this file."""

from __future__ import annotations

import datetime
import io
import json
import posixpath
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fokuss.pdf import render_pdf
from members.models import Consent, User
from members.selectors import profile_views_of, whatsapp_consent_of

from .inventory import INVENTORY
from .models import ErasureRequest

# Never exported: secrets that are no use to the person and a risk in a lost file.
SECRET_FIELDS = {"password", "token", "key"}

# Rows reached through something other than a direct link to the user.
EXTRA_LOOKUPS: dict[str, tuple[str, ...]] = {
    "mentoring.MentoringSession": ("plans__mentee", "plans__mentor"),
    "account.EmailConfirmation": ("email_address__user",),
}

# Files that are the person's own (uploaded by them, or issued to them): (model, owner lookup,
# file lookup). Files of rows where the person is only the verifier are not theirs to take.
FILE_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("competency.Assessment", "person", "evidence_file"),
    ("obligations.Submission", "submitted_by", "file"),
    ("trainings.Material", "uploaded_by", "file"),
    ("trainings.Certificate", "person", "document__file"),
)


def _user_links(model: type[models.Model]) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    historical = model.__name__.startswith("Historical") and hasattr(model, "history_id")
    return [
        f.name for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model and not (historical and f.name == "history_user")
    ]


def _condition(model: type[models.Model], person: User) -> Q | None:
    if model is apps.get_model(settings.AUTH_USER_MODEL):
        return Q(pk=person.pk)
    lookups = _user_links(model) + list(EXTRA_LOOKUPS.get(model._meta.label, ()))
    if not lookups:
        return None
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{lookup: person.pk})
    return condition


def _row(obj: models.Model) -> dict:
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS:
            continue
        value = f.value_from_object(obj)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        data[f.attname] = value
    return data


def person_data(*, person: User) -> dict:
    """Everything the portal holds about the person, by model: one query per model that links
    to the user (about fifty)."""
    sections = {}
    for model in apps.get_models():
        condition = _condition(model, person)
        if condition is None:
            continue
        rows = [_row(obj) for obj in model._default_manager.filter(condition).distinct().order_by("pk")]
        if rows:
            sections[model._meta.label] = {
                "nama": str(model._meta.verbose_name_plural),
                "jumlah": len(rows),
                "baris": rows,
            }
    return {
        "dibuat": timezone.now(),
        "orang": {"id": person.pk, "nama": person.full_name, "email": person.email},
        "dasar_hukum": "UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 7 (hak akses) dan Pasal 13 "
                       "(hak mendapatkan data dalam format yang dapat dibaca mesin)",
        "data": sections,
    }


def person_data_json(*, person: User) -> bytes:
    return json.dumps(person_data(person=person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def person_files(*, person: User) -> list[tuple[str, str]]:
    """(archive name, storage name) of the person's own files (one query per source)."""
    found = []
    for label, owner, file_lookup in FILE_SOURCES:
        model = apps.get_model(label)
        names = model._default_manager.filter(**{owner: person.pk}).exclude(**{file_lookup: ""}).values_list(
            "pk", file_lookup)
        for pk, name in names:
            if name:
                found.append((f"berkas/{label}/{pk}-{posixpath.basename(name)}", name))
    return found


def _summary_context(*, person: User, data: dict) -> dict:
    sections = sorted(((s["nama"], s["jumlah"], label) for label, s in data["data"].items()), key=lambda r: r[0])
    return {
        "person": person,
        "made": timezone.localtime(data["dibuat"]),
        "sections": sections,
        "tenures": person.tenures.select_related("village").order_by("-started_on"),
        "board": person.board_positions.select_related("forum").order_by("-period_start"),
        "consent": whatsapp_consent_of(user=person),
        "inventory": INVENTORY,
    }


def person_data_zip(*, person: User) -> bytes:
    """A ZIP with the JSON, a readable PDF summary and the person's own files. Files missing
    from storage are listed in a note instead of failing the export."""
    data = person_data(person=person)
    raw = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    pdf = render_pdf(template_name="pdf/privacy/ringkasan.html", context=_summary_context(person=person, data=data))
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data-pribadi.json", raw)
        archive.writestr("ringkasan-data-pribadi.pdf", pdf)
        for archive_name, storage_name in person_files(person=person):
            try:
                with default_storage.open(storage_name, "rb") as fh:
                    archive.writestr(archive_name, fh.read())
            except OSError:
                missing.append(storage_name)
        if missing:
            archive.writestr("berkas-tidak-ditemukan.txt", "\n".join(missing))
    return buffer.getvalue()


@dataclass(frozen=True)
class MyDataPage:
    views: list
    consent: Consent | None
    requests: list[ErasureRequest]
    open_request: ErasureRequest | None


def my_data_page(*, person: User) -> MyDataPage:
    """The "Data pribadi saya" page (3 queries)."""
    requests = list(ErasureRequest.objects.filter(person=person).select_related("decided_by"))
    return MyDataPage(
        views=profile_views_of(person=person),
        consent=whatsapp_consent_of(user=person),
        requests=requests,
        open_request=next((r for r in requests if r.status == ErasureRequest.Status.OPEN), None),
    )


def export_filename(*, person: User, ext: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"data-pribadi-{person.pk}-{today:%Y%m%d}.{ext}"
