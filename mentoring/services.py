"""Writes for mentoring: plans (created from a suggestion or by hand), stage changes with
history, closing with a re-assessment, sessions (by hand or imported from a WhatsApp export)
whose next steps become action items on the shared "Tugas saya" page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.services import action_item_create
from competency.models import Assessment, Competency, Framework, Level
from competency.selectors import current_levels, current_round
from competency.services import assessment_record
from members.models import AuditAction, FacilitatorAssignment, SecretaryTenure
from members.selectors import forum_people
from members.services import log_action

from . import whatsapp
from .models import MentoringPlan, MentoringSession, MentorKind, Stage, StageChange, SuggestionDecision

MAX_CHAT_BYTES = 5 * 1024 * 1024
MAX_SESSION_MINUTES = 600


def _serving_tenure(*, forum, user, day: datetime.date) -> SecretaryTenure | None:
    return (SecretaryTenure.objects.held_on(day).filter(user=user, village__district_id=forum.district_id)
            .select_related("village").first())


def mentor_kind_for(*, forum, mentor, mentee_village_id: int | None, competency_code: str,
                    today: datetime.date) -> str | None:
    """Which kind of mentor this person may be for the mentee on ``today`` (None: not eligible):
    a secretary serving in the forum at level 4 in the competency, a board member of the forum,
    or the pendamping assigned to the mentee's village."""
    if forum_people(forum=forum, day=today, roles=("sekdes",)).filter(pk=mentor.pk).exists():
        level = current_levels(person_ids=[mentor.pk]).get((mentor.pk, competency_code))
        if level == Level.MENDAMPINGI:
            return MentorKind.PEER
    if forum_people(forum=forum, day=today, roles=("board",)).filter(pk=mentor.pk).exists():
        return MentorKind.BOARD
    if mentee_village_id and FacilitatorAssignment.objects.held_on(today).filter(
            user=mentor, village_id=mentee_village_id).exists():
        return MentorKind.PENDAMPING
    return None


def plan_create(*, forum, mentee, mentor, competency: Competency, goal: str, target_level, by,
                started_on: datetime.date | None = None) -> MentoringPlan:
    """A mentoring plan for one mentee (call once per mentee for group mentoring: one mentor,
    several mentees). Checks the mentor's eligibility and the forum's load cap."""
    today = timezone.localdate()
    started_on = started_on or today
    goal = (goal or "").strip()
    if not goal:
        raise ValidationError({"goal": _("Tuliskan tujuan pendampingan.")})
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": _("Mentor tidak boleh sama dengan mentee.")})
    framework = Framework.current(forum=forum)
    if framework is None or competency.framework_id != framework.pk:
        raise ValidationError({"competency": _("Pilih kompetensi dari kerangka yang berlaku.")})
    tenure = _serving_tenure(forum=forum, user=mentee, day=today)
    if tenure is None:
        raise ValidationError({"mentee": _("Mentee harus sekretaris desa yang sedang menjabat di forum ini.")})
    try:
        target_level = int(target_level)
    except (TypeError, ValueError):
        raise ValidationError({"target_level": _("Pilih tingkat sasaran 2 sampai 4.")}) from None
    if target_level not in (2, 3, 4):
        raise ValidationError({"target_level": _("Pilih tingkat sasaran 2 sampai 4.")})
    baseline = current_levels(person_ids=[mentee.pk]).get((mentee.pk, competency.code))
    if baseline is not None and target_level <= baseline:
        raise ValidationError({"target_level": _("Tingkat sasaran harus di atas tingkat sekarang (%(level)s).")
                               % {"level": baseline}})
    kind = mentor_kind_for(forum=forum, mentor=mentor, mentee_village_id=tenure.village_id,
                           competency_code=competency.code, today=today)
    if kind is None:
        raise ValidationError({"mentor": _("Mentor harus sekdes pada tingkat 4 di kompetensi ini, pengurus forum, "
                                           "atau pendamping desa yang ditugaskan di desa mentee.")})
    with transaction.atomic():
        # lock the mentor's active plans so that two acceptances cannot both pass the cap
        mentees = set(MentoringPlan.objects.select_for_update().filter(
            mentor=mentor, status=MentoringPlan.Status.AKTIF).values_list("mentee_id", flat=True))
        if mentee.pk not in mentees and len(mentees) >= forum.mentor_load_cap:
            raise ValidationError({"mentor": _("%(name)s sudah mendampingi %(n)s mentee aktif (batas forum "
                                               "%(cap)s).") % {"name": mentor.full_name, "n": len(mentees),
                                                               "cap": forum.mentor_load_cap}})
        if MentoringPlan.objects.filter(mentee=mentee, competency__code=competency.code,
                                        status=MentoringPlan.Status.AKTIF).exists():
            raise ValidationError(_("%(name)s sudah punya rencana pendampingan aktif untuk %(code)s.")
                                  % {"name": mentee.full_name, "code": competency.code})
        try:
            with transaction.atomic():
                plan = MentoringPlan.objects.create(
                    forum=forum, mentee=mentee, village=tenure.village, mentor=mentor, mentor_kind=kind,
                    competency=competency, goal=goal, target_level=target_level, baseline_level=baseline,
                    started_on=started_on, created_by=by,
                )
        except IntegrityError:
            raise ValidationError(_("%(name)s sudah punya rencana pendampingan aktif untuk %(code)s.")
                                  % {"name": mentee.full_name, "code": competency.code}) from None
        StageChange.objects.create(plan=plan, from_stage=None, to_stage=Stage.PENYADARAN, changed_by=by,
                                   note=_("Rencana dimulai."))
    return plan


def suggestion_reject(*, forum, mentee, mentor, competency_code: str, by, reason: str = "") -> SuggestionDecision:
    with transaction.atomic():
        decision, _created = SuggestionDecision.objects.update_or_create(
            mentee=mentee, mentor=mentor, competency_code=competency_code,
            defaults={"forum": forum, "decided_by": by, "reason": (reason or "").strip()[:300],
                      "decided_at": timezone.now()},
        )
    return decision


def plan_stage_change(*, plan: MentoringPlan, to_stage, by, note: str = "") -> MentoringPlan:
    """Move an active plan one stage on (after at least one session in the current stage), or one
    stage back with a reason. Skipping stages is not allowed."""
    try:
        to_stage = int(to_stage)
    except (TypeError, ValueError):
        raise ValidationError({"to_stage": _("Tahap tidak dikenal.")}) from None
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Tahap tidak dikenal.")})
    note = (note or "").strip()
    with transaction.atomic():
        plan = MentoringPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != MentoringPlan.Status.AKTIF:
            raise ValidationError(_("Rencana yang sudah %(status)s tidak dapat berpindah tahap.")
                                  % {"status": plan.get_status_display().lower()})
        if to_stage == plan.stage:
            raise ValidationError({"to_stage": _("Rencana sudah berada pada tahap ini.")})
        if abs(to_stage - plan.stage) > 1:
            raise ValidationError({"to_stage": _("Tahap tidak boleh dilompati: dari %(from)s hanya dapat ke tahap "
                                                 "berikutnya atau kembali satu tahap.")
                                   % {"from": plan.get_stage_display()}})
        if to_stage < plan.stage and not note:
            raise ValidationError({"note": _("Tuliskan alasan mundur ke tahap sebelumnya.")})
        if to_stage > plan.stage:
            last = plan.stage_changes.order_by("-changed_at", "-pk").values_list("changed_at", "from_stage").first()
            # the first stage starts with the plan; later ones on the day of the change
            entered_on = timezone.localdate(last[0]) if last and last[1] is not None else plan.started_on
            if not plan.sessions.filter(held_on__gte=entered_on).exists():
                raise ValidationError(_("Catat paling sedikit satu sesi pada tahap %(stage)s sebelum maju ke tahap "
                                        "berikutnya.") % {"stage": plan.get_stage_display()})
        StageChange.objects.create(plan=plan, from_stage=plan.stage, to_stage=to_stage, changed_by=by, note=note)
        plan.stage = to_stage
        plan.save(update_fields=["stage"])
    return plan


def plan_close(*, plan: MentoringPlan, status: str, by, after_level=None, note: str = "",
               today: datetime.date | None = None) -> MentoringPlan:
    """Close a plan. "Selesai" needs a re-assessment of the competency: it is recorded (validated,
    method "penilaian ulang akhir pendampingan") in the forum's latest round, and the plan keeps
    the before/after levels."""
    today = today or timezone.localdate()
    if status not in (MentoringPlan.Status.SELESAI, MentoringPlan.Status.DIHENTIKAN):
        raise ValidationError({"status": _("Pilih selesai atau dihentikan.")})
    note = (note or "").strip()
    if status == MentoringPlan.Status.DIHENTIKAN and not note:
        raise ValidationError({"note": _("Tuliskan alasan pendampingan dihentikan.")})
    if status == MentoringPlan.Status.SELESAI and after_level in (None, ""):
        raise ValidationError({"after_level": _("Menutup rencana sebagai selesai memerlukan penilaian ulang "
                                                "kompetensi: pilih tingkat sekarang.")})
    with transaction.atomic():
        plan = MentoringPlan.objects.select_for_update().select_related("forum", "competency").get(pk=plan.pk)
        if plan.status != MentoringPlan.Status.AKTIF:
            raise ValidationError(_("Rencana ini sudah ditutup."))
        if after_level not in (None, ""):
            round = current_round(forum=plan.forum)
            if round is None:
                raise ValidationError(_("Belum ada putaran penilaian; buat putaran dulu untuk mencatat penilaian "
                                        "ulang."))
            competency = round.framework.competencies.filter(code=plan.competency.code).first()
            if competency is None:
                raise ValidationError(_("Kompetensi %(code)s tidak ada di kerangka putaran terakhir.")
                                      % {"code": plan.competency.code})
            assessment = assessment_record(
                round=round, person=plan.mentee, village=plan.village, competency=competency, level=after_level,
                method=Assessment.Method.MENTORING, assessor=by, assessed_on=today,
                evidence_note=note or _("Penilaian ulang saat menutup rencana pendampingan."), validate=True,
            )
            plan.final_assessment = assessment
            plan.final_level = assessment.level
        plan.status = status
        plan.closed_on = today
        plan.close_note = note
        plan.save()
        log_action(actor=by, action=AuditAction.PLAN_CLOSED, obj=plan,
                   data={"status": status, "final_level": plan.final_level, "note": note})
    return plan


# Sessions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class NextStep:
    title: str
    owner_id: int
    due_on: datetime.date | None


def session_log(*, plans: list[MentoringPlan], held_on: datetime.date, mode: str, duration_minutes, topic: str,
                notes: str = "", next_steps: list[NextStep] | None = None, by,
                imported_from: str = "") -> MentoringSession:
    """A session covering one plan, or several active plans of the same mentor (group)."""
    if not plans:
        raise ValidationError(_("Pilih paling sedikit satu rencana pendampingan."))
    forum_ids = {p.forum_id for p in plans}
    mentors = {p.mentor_id for p in plans}
    if len(forum_ids) != 1 or len(mentors) != 1:
        raise ValidationError(_("Sesi kelompok hanya untuk rencana dengan mentor yang sama."))
    if any(p.status != MentoringPlan.Status.AKTIF for p in plans):
        raise ValidationError(_("Sesi hanya dapat dicatat untuk rencana yang masih aktif."))
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError({"topic": _("Isi topik sesi.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Isi tanggal sesi.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Tanggal sesi tidak boleh di masa depan.")})
    earliest = min(p.started_on for p in plans)
    if held_on < earliest:
        raise ValidationError({"held_on": _("Tanggal sesi sebelum rencana dimulai (%(d)s).")
                               % {"d": earliest.strftime("%d/%m/%Y")}})
    if mode not in MentoringSession.Mode.values:
        raise ValidationError({"mode": _("Cara pendampingan tidak dikenal.")})
    try:
        duration = int(duration_minutes)
    except (TypeError, ValueError):
        raise ValidationError({"duration_minutes": _("Isi durasi dalam menit.")}) from None
    if not 1 <= duration <= MAX_SESSION_MINUTES:
        raise ValidationError({"duration_minutes": _("Durasi 1 sampai %(max)s menit.") % {"max": MAX_SESSION_MINUTES}})
    allowed_owners = {p.mentee_id for p in plans} | mentors
    steps = next_steps or []
    for step in steps:
        if step.owner_id not in allowed_owners:
            raise ValidationError({"next_steps": _("Penanggung jawab tindak lanjut harus mentor atau mentee.")})
        if not step.title.strip():
            raise ValidationError({"next_steps": _("Isi uraian setiap tindak lanjut.")})
    plan = plans[0]
    with transaction.atomic():
        session = MentoringSession.objects.create(
            forum_id=plan.forum_id, held_on=held_on, mode=mode, duration_minutes=duration, topic=topic[:200],
            notes=(notes or "").strip(), imported_from=imported_from[:200], logged_by=by,
        )
        session.plans.set(plans)
        url = reverse("mentoring:plan_detail", kwargs={"pk": plan.pk})
        people = {p.mentee_id: p.mentee for p in plans} | {p.mentor_id: p.mentor for p in plans}
        for step in steps:
            _action_item(plan=plan, session=session, step=step, topic=topic, url=url, by=by, people=people)
    return session


def _action_item(*, plan, session, step: NextStep, topic: str, url: str, by, people: dict):
    return action_item_create(
        forum=plan.forum, owner=people[step.owner_id], title=step.title, due_on=step.due_on,
        source=session, source_label=_("Pendampingan %(code)s: %(topic)s") % {"code": plan.competency.code,
                                                                               "topic": topic},
        source_url=url, created_by=by,
    )


def session_import_whatsapp(*, plans: list[MentoringPlan], upload, start: datetime.date, end: datetime.date,
                            topic: str, duration_minutes, by,
                            next_steps: list[NextStep] | None = None) -> MentoringSession:
    """Create one session from an exported WhatsApp chat (.txt): the messages between ``start``
    and ``end`` become the notes. A malformed file is refused with the line that is wrong and
    nothing is saved."""
    if upload is None:
        raise ValidationError({"chat_file": _("Pilih berkas ekspor chat WhatsApp (.txt).")})
    if upload.size > MAX_CHAT_BYTES:
        raise ValidationError({"chat_file": _("Berkas terlalu besar; batasnya 5 MB.")})
    if start is None or end is None:
        raise ValidationError({"start": _("Isi rentang tanggal.")})
    if end < start:
        raise ValidationError({"end": _("Tanggal akhir tidak boleh sebelum tanggal awal.")})
    upload.seek(0)
    raw = upload.read()
    try:
        messages = whatsapp.parse_chat(raw)
    except whatsapp.ChatParseError as exc:
        message = str(exc)
        if raw.strip() and not message.startswith(_("Baris")):
            message = _("Baris %(n)s: %(message)s") % {"n": exc.line_no, "message": message}
        raise ValidationError({"chat_file": message}) from None
    chosen = [m for m in whatsapp.messages_between(messages, start=start, end=end) if not m.is_system]
    if not chosen:
        raise ValidationError({"start": _("Tidak ada pesan pada %(start)s s.d. %(end)s di berkas ini.")
                               % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}})
    notes = whatsapp.excerpt_as_notes(chosen)
    held_on = chosen[-1].sent_at.date()
    return session_log(plans=plans, held_on=held_on, mode=MentoringSession.Mode.WHATSAPP,
                       duration_minutes=duration_minutes, topic=topic, notes=notes, next_steps=next_steps, by=by,
                       imported_from=getattr(upload, "name", "") or "chat.txt")
