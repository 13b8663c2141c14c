"""Writes for competency: the versioned framework, assessment rounds, assessments and their
validation. History is never overwritten: a correction is a new Assessment row."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fokuss.uploads import check_upload
from members.models import AuditAction, Forum
from members.services import log_action

from .models import (
    Assessment,
    AssessmentRound,
    Competency,
    Framework,
    Level,
    LevelDescriptor,
    SelfAssessmentDraft,
)

SEED_FILE = Path(__file__).resolve().parent / "data" / "competencies.yaml"
LEVELS = {int(v) for v in Level.values}


def framework_load_seed(*, path: Path = SEED_FILE) -> Framework:
    """Load the seed framework as the shared standard version 1 if no standard exists yet. After
    the first load the database is the source of truth: the seed never overwrites edits."""
    existing = (Framework.objects.filter(forum__isnull=True, published_at__isnull=False)
                .order_by("-version").first())
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


# Framework versions ------------------------------------------------------------------------

def framework_draft_create(*, forum: Forum, by) -> Framework:
    """The forum's draft (unpublished) copy of its current version to edit; the existing draft if
    any. The draft and what is published from it belong to this forum only."""
    with transaction.atomic():
        Forum.objects.select_for_update().filter(pk=forum.pk).first()  # one draft per forum at a time
        draft = Framework.objects.filter(forum=forum, published_at__isnull=True).order_by("-version").first()
        if draft is not None:
            return draft
        current = Framework.current(forum=forum)
        if current is None:
            raise ValidationError(_("Belum ada kerangka kompetensi yang diterbitkan."))
        top = Framework.visible_to(forum=forum).order_by("-version").values_list("version", flat=True).first() or 0
        draft = Framework.objects.create(forum=forum, version=top + 1, title=current.title,
                                         prerequisites_note=current.prerequisites_note)
        for old in current.competencies.prefetch_related("descriptors"):
            new = Competency.objects.create(
                framework=draft, code=old.code, name=old.name, name_en=old.name_en, group=old.group,
                description=old.description, evidence=old.evidence, position=old.position,
            )
            LevelDescriptor.objects.bulk_create(
                LevelDescriptor(competency=new, level=d.level, description=d.description) for d in old.descriptors.all()
            )
    return draft


def competency_update(*, competency: Competency, name: str, group: str, description: str, evidence: str,
                      descriptors: dict[int, str]) -> Competency:
    """Edit a competency of a draft version (published versions are frozen)."""
    if competency.framework.published_at is not None:
        raise ValidationError(_("Versi yang sudah terbit tidak dapat diubah. Buat draf versi baru."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Isi nama kompetensi.")})
    if group not in Competency.Group.values:
        raise ValidationError({"group": _("Kelompok tidak dikenal.")})
    cleaned = {int(k): (v or "").strip() for k, v in descriptors.items()}
    if set(cleaned) != LEVELS or not all(cleaned.values()):
        raise ValidationError(_("Isi uraian untuk keempat tingkat."))
    with transaction.atomic():
        competency.name = name[:200]
        competency.group = group
        competency.description = description.strip()
        competency.evidence = "\n".join(line.strip() for line in evidence.splitlines() if line.strip())
        competency.save()
        for level, text in cleaned.items():
            LevelDescriptor.objects.update_or_create(competency=competency, level=level,
                                                     defaults={"description": text})
    return competency


def framework_publish(*, framework: Framework, by) -> Framework:
    if framework.published_at is not None:
        raise ValidationError(_("Versi ini sudah diterbitkan."))
    with transaction.atomic():
        framework.published_at = timezone.now()
        framework.published_by = by
        framework.save(update_fields=["published_at", "published_by"])
    return framework


# Rounds -----------------------------------------------------------------------------------

def round_create(*, forum, name: str, starts_on: datetime.date, ends_on: datetime.date | None = None,
                 by=None) -> AssessmentRound:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Isi nama putaran, mis. \"Pemetaan Agustus 2018\".")})
    if starts_on is None:
        raise ValidationError({"starts_on": _("Isi tanggal mulai.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    framework = Framework.current(forum=forum)
    if framework is None:
        raise ValidationError(_("Belum ada kerangka kompetensi yang diterbitkan."))
    with transaction.atomic():
        return AssessmentRound.objects.create(forum=forum, framework=framework, name=name[:200], starts_on=starts_on,
                                              ends_on=ends_on, created_by=by)


# Assessments ------------------------------------------------------------------------------

def _check_level(level, *, field: str = "level") -> int:
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Pilih tingkat 1 sampai 4.")}) from None
    if level not in LEVELS:
        raise ValidationError({field: _("Pilih tingkat 1 sampai 4.")})
    return level


def _check_round(round: AssessmentRound, on: datetime.date) -> None:
    if not round.is_open_on(on):
        raise ValidationError(_("Putaran \"%(name)s\" tidak sedang berjalan pada tanggal itu.") % {"name": round.name})


def self_assessment_draft_save(*, round: AssessmentRound, person, levels: dict[str, object],
                               notes: dict[str, str] | None = None, today: datetime.date) -> SelfAssessmentDraft:
    """Keep the answers given so far in the person's draft for the round (one per person and
    round). Levels given are merged into the draft (an empty value leaves the earlier answer);
    notes given replace the earlier note of that competency. Nothing is sent to the board."""
    _check_round(round, today)
    codes = set(round.framework.competencies.values_list("code", flat=True))
    notes = notes or {}
    unknown = sorted((set(levels) | set(notes)) - codes)
    if unknown:
        raise ValidationError(_("Kompetensi tidak dikenal dalam kerangka putaran ini: %(codes)s.")
                              % {"codes": ", ".join(c[:20] for c in unknown[:5])})
    chosen = {code: _check_level(level, field=f"level_{code}") for code, level in levels.items()
              if level not in (None, "")}
    with transaction.atomic():
        draft, _created = SelfAssessmentDraft.objects.select_for_update().get_or_create(
            round=round, person=person, defaults={"forum_id": round.forum_id})
        draft.levels = {**draft.levels, **chosen}
        draft.notes = {k: v for k, v in {**draft.notes, **{c: (t or "").strip()[:2000] for c, t in notes.items()}}.items()
                       if v}
        draft.updated_at = timezone.now()
        draft.save()
    return draft


def assessments_self_submit(*, round: AssessmentRound, person, village, levels: dict[str, object],
                            notes: dict[str, str] | None = None, today: datetime.date) -> list[Assessment]:
    """The secretary's self-assessment for every competency of the round's framework, waiting for
    the board's validation. All or nothing: when a competency has no level, the error names the
    competencies still missing. A draft of the round is removed once sent."""
    _check_round(round, today)
    competencies = list(round.framework.competencies.all())
    notes = notes or {}
    missing = [c.name for c in competencies if levels.get(c.code) in (None, "")]
    if missing:
        raise ValidationError(
            _("Penilaian belum dapat dikirim: %(n)d dari %(total)d kompetensi belum dijawab (%(names)s).")
            % {"n": len(missing), "total": len(competencies), "names": "; ".join(missing)}, code="missing")
    rows = [
        Assessment(forum_id=round.forum_id, round=round, person=person, village=village, competency=c,
                   level=_check_level(levels[c.code], field=f"level_{c.code}"), method=Assessment.Method.SELF,
                   assessor=person, assessed_on=today, evidence_note=(notes.get(c.code) or "").strip())
        for c in competencies
    ]
    with transaction.atomic():
        for row in rows:
            row.save()
        SelfAssessmentDraft.objects.filter(round=round, person=person).delete()
    return rows


def assessment_record(*, round: AssessmentRound, person, village, competency: Competency, level, method: str,
                      assessor, assessed_on: datetime.date, evidence_note: str = "", evidence_file=None,
                      validate: bool = False) -> Assessment:
    """An assessment by the board, a peer or the pendamping (validated at once when the board
    records and validates it in one go)."""
    if competency.framework_id != round.framework_id:
        raise ValidationError({"competency": _("Kompetensi ini bukan bagian dari kerangka putaran ini.")})
    if method not in Assessment.Method.values or method == Assessment.Method.SELF:
        raise ValidationError({"method": _("Metode penilaian tidak dikenal.")})
    if assessed_on is None:
        raise ValidationError({"assessed_on": _("Isi tanggal penilaian.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Tanggal penilaian tidak boleh di masa depan.")})
    level = _check_level(level)
    checked = None
    if evidence_file:
        try:
            checked = check_upload(evidence_file, kinds=("pdf", "image", "office"))
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.messages}) from None
    row = Assessment(forum_id=round.forum_id, round=round, person=person, village=village, competency=competency,
                     level=level, method=method, assessor=assessor, assessed_on=assessed_on,
                     evidence_note=(evidence_note or "").strip())
    if validate:
        row.status = Assessment.Status.VALIDATED
        row.validated_by = assessor
        row.validated_at = timezone.now()
    with transaction.atomic():
        if checked:
            checked.attach(row, "evidence_file")
        row.save()
    return row


def assessments_validate(*, assessments: list[Assessment], levels: dict[int, object] | None = None, by,
                         note: str = "") -> list[Assessment]:
    """Validate waiting assessments. When the board sets a different level than proposed, the
    proposal stays as it was (status "ditinjau") and a validated board assessment is added."""
    levels = levels or {}
    if not assessments:
        raise ValidationError(_("Tidak ada penilaian yang menunggu validasi."))
    now = timezone.now()
    result = []
    checked = {a.pk: _check_level(levels.get(a.pk, a.level), field=f"level_{a.pk}") for a in assessments}
    for a in assessments:
        if a.status != Assessment.Status.SUBMITTED:
            raise ValidationError(_("Penilaian %(code)s sudah diproses sebelumnya.") % {"code": a.competency.code})
    with transaction.atomic():
        for a in assessments:
            level = checked[a.pk]
            if level == a.level:
                a.status = Assessment.Status.VALIDATED
                a.validated_by, a.validated_at = by, now
                a.save(update_fields=["status", "validated_by", "validated_at"])
                result.append(a)
            else:
                a.status = Assessment.Status.REVIEWED
                a.validated_by, a.validated_at = by, now
                a.save(update_fields=["status", "validated_by", "validated_at"])
                result.append(Assessment.objects.create(
                    forum_id=a.forum_id, round_id=a.round_id, person_id=a.person_id, village_id=a.village_id,
                    competency_id=a.competency_id, level=level, method=Assessment.Method.BOARD, assessor=by,
                    assessed_on=timezone.localdate(), evidence_note=(note or a.evidence_note),
                    status=Assessment.Status.VALIDATED, validated_by=by, validated_at=now,
                ))
        _log_validations(assessments, result, by=by, note=note)
    return result


def _log_validations(proposed: list[Assessment], validated: list[Assessment], *, by, note: str) -> None:
    """One audit entry per person, on the person: which competencies were validated at which level
    (and the level proposed, when the board set another)."""
    by_person: dict[int, dict] = {}
    for before, after in zip(proposed, validated, strict=True):
        entry = by_person.setdefault(before.person_id, {"person": before.person, "forum_id": before.forum_id,
                                                         "levels": {}})
        entry["levels"][before.competency.code] = {"level": after.level, "proposed": before.level,
                                                   "assessment": after.pk}
    for entry in by_person.values():
        log_action(actor=by, action=AuditAction.ASSESSMENT_VALIDATED, obj=entry["person"],
                   forum_id=entry["forum_id"], data={"levels": entry["levels"], "note": note})
