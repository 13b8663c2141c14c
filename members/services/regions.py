"""Regions: the villages' CSV import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    District,
    Province,
    Regency,
    Village,
)

VILLAGE_CSV_COLUMNS = ["code", "name", "kecamatan_code", "kecamatan", "kabupaten", "provinsi"]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _village_code_ok(code: str) -> bool:
    parts = code.split(".")
    return len(parts) == 4 and [len(p) for p in parts[:3]] == [2, 2, 2] and len(parts[3]) == 4 and all(
        p.isdigit() for p in parts
    )


def regions_import_csv(*, text: str) -> ImportResult:
    """Import villages (and their province, regency, kecamatan) from CSV text with the columns
    of VILLAGE_CSV_COLUMNS. Idempotent: codes are natural keys, re-import updates names. Any bad
    row raises ValidationError naming its line, and nothing is imported."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in VILLAGE_CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("Baris 1: kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    rows = []
    errors = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        district_code = (row.get("kecamatan_code") or "").strip()
        if not _village_code_ok(code):
            errors.append(_("Baris %(line)d: kode desa tidak valid: '%(code)s'") % {"line": line, "code": code})
            continue
        if not name:
            errors.append(_("Baris %(line)d: nama desa kosong") % {"line": line})
            continue
        if not code.startswith(district_code + ".") or district_code.count(".") != 2:
            errors.append(
                _("Baris %(line)d: kode kecamatan '%(d)s' tidak cocok dengan kode desa '%(code)s'")
                % {"line": line, "d": district_code, "code": code}
            )
            continue
        if code in seen:
            errors.append(
                _("Baris %(line)d: kode desa %(code)s sudah ada di baris %(first)d")
                % {"line": line, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = line
        rows.append({k: (row.get(k) or "").strip() for k in VILLAGE_CSV_COLUMNS})
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Berkas tidak berisi data desa."))

    created = updated = unchanged = 0
    with transaction.atomic():
        provinces: dict[str, Province] = {}
        regencies: dict[str, Regency] = {}
        districts: dict[str, District] = {}
        for row in rows:
            code = row["code"]
            p_code, r_code, d_code = code[:2], code[:5], code[:8]
            province = provinces.get(p_code)
            if province is None:
                province, _c = Province.objects.update_or_create(code=p_code, defaults={"name": row["provinsi"]})
                provinces[p_code] = province
            regency = regencies.get(r_code)
            if regency is None:
                regency, _c = Regency.objects.update_or_create(
                    code=r_code, defaults={"name": row["kabupaten"], "province": province}
                )
                regencies[r_code] = regency
            district = districts.get(d_code)
            if district is None:
                district, _c = District.objects.update_or_create(
                    code=d_code, defaults={"name": row["kecamatan"], "regency": regency}
                )
                districts[d_code] = district
            village = Village.objects.filter(code=code).first()
            if village is None:
                Village.objects.create(code=code, name=row["name"], district=district)
                created += 1
            elif village.name != row["name"] or village.district_id != district.pk:
                village.name, village.district = row["name"], district
                village.save(update_fields=["name", "district"])
                updated += 1
            else:
                unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
