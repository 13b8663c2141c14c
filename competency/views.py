from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import exports, params, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors, service_message
from fokuss.page_cache import page_cached
from fokuss.uploads import serve_file

from . import selectors, services
from .forms import AssessmentForm, CompetencyEditForm, RoundForm, SelfAssessmentForm, ValidateForm
from .models import Level


@forum_required
@page_cached()
def heatmap(request):
    forum = request.forum
    policy.require(request.actor, "competency.overview", forum)
    sort = request.GET.get("sort", "village")[:30]
    data = selectors.heatmap_cached(forum=forum, round_id=params.id_param(request, "round"),
                             village_ids=policy.private_village_ids(request.actor, forum_id=forum.pk),
                             sort=sort, desc=request.GET.get("dir") == "desc", day=timezone.localdate())
    export = exports.export_if_asked(
        request, table=lambda: selectors.heatmap_table(data), filename="peta-kompetensi", forum=forum,
        filter_label=_("Putaran: %(round)s") % {"round": data.round.name if data.round else "-"})
    if export:
        return export
    context = {"data": data, "levels": Level.choices, "grade_rule": selectors.grade_rule_text()}
    return render(request, "competency/heatmap.html", context)


@forum_required
def my_profile(request):
    return redirect("reports:person_profile", person_id=request.user.pk)


SELF_ACTIONS = ("draf", "kirim", "lanjut", "kembali")


@forum_required
def self_assess(request):
    """Self-assessment of the open round: on a phone one competency per step (``?langkah=3``), on
    a wide screen all on one page. Every button keeps the answers in a draft; "Kirim" sends them
    for validation only when every competency has a level, else the page lists what is missing."""
    forum = request.forum
    today = timezone.localdate()
    tenure = selectors.self_assessor_for(request.actor, forum=forum, user=request.user, day=today)
    round = selectors.current_round(forum=forum)
    if round is None or not round.is_open_on(today):
        return render(request, "competency/self_assess.html", {"round": round, "closed": True})
    state = selectors.self_assessment_state(round=round, person=request.user)
    step = params.step_param(request, count=state.total)
    shown = [state.competencies[step - 1]] if step else state.competencies
    initial = {**{f"level_{k}": v for k, v in state.levels.items()}, **{f"note_{k}": v for k, v in state.notes.items()}}
    form = SelfAssessmentForm(request.POST or None, competencies=shown, initial=initial)
    missing: list[str] = []  # the service's message naming what is still missing
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("aksi", "draf")
        action = action if action in SELF_ACTIONS else "draf"
        try:
            draft = services.self_assessment_draft_save(round=round, person=request.user, levels=form.levels(),
                                                        notes=form.notes(), today=today)
            if action == "kirim":
                services.assessments_self_submit(round=round, person=request.user, village=tenure.village,
                                                 levels=draft.levels, notes=draft.notes, today=today)
        except ValidationError as exc:
            if getattr(exc, "code", None) != "missing":
                add_service_errors(form, exc)
            else:  # the answers are kept in the draft: the overview lists what is still missing
                missing = exc.messages
                state = selectors.self_assessment_state(round=round, person=request.user,
                                                        competencies=state.competencies)
                step = None
                form = SelfAssessmentForm(None, competencies=state.competencies, initial={
                    **{f"level_{k}": v for k, v in state.levels.items()},
                    **{f"note_{k}": v for k, v in state.notes.items()}})
        else:
            base = reverse("competency:self_assess")
            if action == "kirim":
                messages.success(request, _("Penilaian diri terkirim dan menunggu validasi pengurus."))
                return redirect("reports:person_profile", person_id=request.user.pk)
            if action == "lanjut" and step and step < state.total:
                return redirect(f"{base}?langkah={step + 1}")
            if action == "kembali" and step and step > 1:
                return redirect(f"{base}?langkah={step - 1}")
            if action == "draf":
                answered = sum(1 for c in state.competencies if c.code in draft.levels)
                messages.success(request, _("Draf tersimpan: %(n)d dari %(total)d kompetensi terjawab. "
                                            "Anda dapat melanjutkannya kapan saja.") % {"n": answered, "total": state.total})
            return redirect(base)
    context = {"round": round, "form": form, "closed": False, "state": state, "step": step, "missing": missing,
               "percent": round_percent(state.answered, state.total),
               "steps": [(i, c, state.levels.get(c.code)) for i, c in enumerate(state.competencies, start=1)]}
    return render(request, "competency/self_assess.html", context, status=400 if form.is_bound and form.errors else 200)


def round_percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@forum_required
def assess(request, person_id: int):
    forum = request.forum
    assessee = selectors.assessee_for(request.actor, forum=forum, person_id=person_id, day=timezone.localdate())
    round = selectors.current_round(forum=forum)
    if round is None:
        messages.error(request, _("Belum ada putaran penilaian."))
        return redirect("reports:person_profile", person_id=person_id)
    form = AssessmentForm(request.POST or None, request.FILES or None, competencies=round.framework.competencies.all(),
                          methods=assessee.methods, can_validate=assessee.can_validate)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.assessment_record(
                round=round, person=assessee.person, village=assessee.tenure.village, competency=d["competency"],
                level=d["level"], method=d["method"], assessor=request.user, assessed_on=d["assessed_on"],
                evidence_note=d["evidence_note"], evidence_file=d.get("evidence_file"),
                validate=bool(d.get("validate")) and assessee.can_validate,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Penilaian tersimpan."))
            return redirect("reports:person_profile", person_id=person_id)
    return render(request, "competency/assess.html", {"form": form, "round": round, "person": assessee.person})


@forum_required
def validation_queue(request):
    forum = request.forum
    policy.require(request.actor, "competency.validate", forum)
    return render(request, "competency/validation_queue.html",
                  {"groups": selectors.pending_by_person(forum=forum)})


@forum_required
def validate(request, person_id: int):
    forum = request.forum
    selectors.person_for(request.actor, "competency.validate", forum=forum, person_id=person_id)
    pending = selectors.person_pending(forum=forum, person_id=person_id)
    form = ValidateForm(request.POST or None, assessments=pending)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessments_validate(assessments=pending, levels=form.levels(), by=request.user,
                                          note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Penilaian tervalidasi."))
            return redirect("reports:person_profile", person_id=person_id)
    person = pending[0].person if pending else selectors.person(person_id=person_id)
    return render(request, "competency/validate.html", {"form": form, "person": person, "pending": pending})


@forum_required
def evidence_file(request, pk: int):
    a = selectors.assessment_for(request.actor, pk)
    if not a.evidence_file:
        raise Http404
    return serve_file(a.evidence_file, content_type=a.content_type, original_name=a.original_name)


@forum_required
def training_needs(request):
    forum = request.forum
    policy.require(request.actor, "competency.needs", forum)
    try:
        base = reverse("trainings:event_create")
    except NoReverseMatch:
        base = None
    needs = selectors.training_needs(forum=forum, day=timezone.localdate())
    export = exports.export_if_asked(
        request, table=lambda: selectors.training_needs_table(needs), filename="kebutuhan-pelatihan", forum=forum,
        filter_label=_("Kerangka kompetensi yang berlaku, sekretaris desa yang menjabat hari ini"))
    if export:
        return export
    schedule = base is not None and policy.can(request.actor, "event.manage", forum)
    rows = [(n, f"{base}?{urlencode({'competency': n.competency.code, 'audience': 'gap'})}"
             if schedule and n.gaps else None) for n in needs]
    return render(request, "competency/needs.html", {"rows": rows, "trainings_available": base is not None})


@forum_required
def framework(request):
    forum = request.forum
    policy.require(request.actor, "forum.view", forum)
    page = selectors.framework_page(
        forum=forum, show_draft=bool(request.GET.get("draf")) and policy.can(request.actor, "competency.manage", forum))
    context = {"framework": page.framework, "current": page.current, "draft": page.draft,
               "competencies": page.competencies, "versions": page.versions, "rounds": page.rounds}
    return render(request, "competency/framework.html", context)


@require_POST
@forum_required
def framework_draft(request):
    policy.require(request.actor, "competency.manage", request.forum)
    try:
        services.framework_draft_create(forum=request.forum, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("competency:framework") + "?draf=1")


@forum_required
def competency_edit(request, pk: int):
    competency = selectors.competency_for(request.actor, pk)
    if competency.framework.published_at is not None:
        messages.error(request, _("Versi yang sudah terbit tidak dapat diubah. Buat draf versi baru."))
        return redirect("competency:framework")
    descriptors = {d.level: d.description for d in competency.descriptors.all()}
    initial = {"name": competency.name, "group": competency.group, "description": competency.description,
               "evidence": competency.evidence, **{f"level_{k}": v for k, v in descriptors.items()}}
    form = CompetencyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.competency_update(competency=competency, name=d["name"], group=d["group"],
                                       description=d["description"], evidence=d["evidence"],
                                       descriptors={i: d[f"level_{i}"] for i in range(1, 5)})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan di draf."))
            return redirect(reverse("competency:framework") + "?draf=1")
    return render(request, "competency/competency_edit.html", {"form": form, "competency": competency})


@require_POST
@forum_required
def framework_publish(request, pk: int):
    fw = selectors.framework_for(request.actor, pk)
    service_message(request, lambda: services.framework_publish(framework=fw, by=request.user),
                    success=_("Versi %(v)s diterbitkan; putaran baru memakai versi ini.") % {"v": fw.version})
    return redirect("competency:framework")


@forum_required
def round_create(request):
    forum = request.forum
    policy.require(request.actor, "competency.manage", forum)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.round_create(forum=forum, name=d["name"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                                  by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Putaran penilaian dibuat."))
            return redirect("competency:heatmap")
    return render(request, "competency/round_form.html", {"form": form})
