from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import params, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors, service_message
from fokuss.page_cache import page_cached
from members.selectors import visible_whatsapp

from . import selectors, services
from .forms import CloseForm, ImportForm, PlanForm, SessionForm, StageForm
from .models import MentoringPlan, Stage


def _wa_link(person, text: str, visible: set[int]) -> str:
    if not person or not person.whatsapp or person.pk not in visible:
        return ""
    return f"{person.whatsapp_link}?text={quote(text)}"


@forum_required
@page_cached()
def index(request):
    forum = request.forum
    policy.require(request.actor, "forum.view", forum)
    status = request.GET.get("status", "aktif")
    if status not in MentoringPlan.Status.values:
        status = ""
    plans = selectors.plan_list(actor=request.actor, forum=forum, status=status, today=timezone.localdate())
    context = {"plans": plans, "status": status, "statuses": MentoringPlan.Status.choices, "stages": Stage.choices}
    return render(request, "mentoring/index.html", context)


@forum_required
def suggestions(request):
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    page = selectors.suggestion_page(forum=forum, today=timezone.localdate(),
                                     code=request.GET.get("kompetensi", "")[:20],
                                     mentee_id=params.id_param(request, "mentee"))
    context = {"gaps": page.gaps, "code": page.code, "cap": forum.mentor_load_cap, "total": page.total,
               "competencies": page.competencies}
    return render(request, "mentoring/suggestions.html", context)


def _pair(request) -> selectors.Pair:
    return selectors.pair_for(request.actor, forum=request.forum, mentee_id=request.POST.get("mentee"),
                              mentor_id=request.POST.get("mentor"), competency_id=request.POST.get("competency"),
                              day=timezone.localdate())


@require_POST
@forum_required
def suggestion_accept(request):
    forum = request.forum
    pair = _pair(request)
    level = request.POST.get("level", "")[:2]
    goal = _("Naik dari tingkat %(level)s ke tingkat 3 (mampu mandiri) dalam %(name)s.") % {
        "level": level or "?", "name": pair.competency.name}
    try:
        plan = services.plan_create(forum=forum, mentee=pair.mentee, mentor=pair.mentor, competency=pair.competency,
                                    goal=goal, target_level=3, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mentoring:suggestions")
    messages.success(request, _("Rencana pendampingan dibuat: %(mentor)s mendampingi %(mentee)s.")
                     % {"mentor": pair.mentor.full_name, "mentee": pair.mentee.full_name})
    return redirect("mentoring:plan_detail", pk=plan.pk)


@require_POST
@forum_required
def suggestion_reject(request):
    pair = _pair(request)
    services.suggestion_reject(forum=request.forum, mentee=pair.mentee, mentor=pair.mentor,
                               competency_code=pair.competency.code, by=request.user,
                               reason=request.POST.get("reason", ""))
    messages.info(request, _("Saran ditolak; pasangan ini tidak akan disarankan lagi."))
    return redirect("mentoring:suggestions")


@forum_required
def plan_create(request):
    """Create a plan by hand or edit a suggestion before accepting it; several mentees make a group."""
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    choices = selectors.plan_choices(forum=forum, day=timezone.localdate())
    initial = {k: request.GET.get(k) for k in ("mentor", "competency") if request.GET.get(k)}
    if request.GET.get("mentee"):
        initial["mentees"] = [request.GET["mentee"]]
    form = PlanForm(request.POST or None, initial=initial, mentees=choices.mentees, mentors=choices.mentors,
                    competencies=choices.competencies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                plans = [services.plan_create(forum=forum, mentee=m, mentor=d["mentor"], competency=d["competency"],
                                              goal=d["goal"], target_level=d["target_level"], by=request.user)
                         for m in d["mentees"]]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s rencana pendampingan dibuat.") % {"n": len(plans)})
            return redirect("mentoring:plan_detail", pk=plans[0].pk)
    return render(request, "mentoring/plan_form.html", {"form": form})


@forum_required
def plan_detail(request, pk: int):
    plan = selectors.plan_for(request.actor, pk)
    detail = selectors.plan_detail(plan=plan)
    me = request.user.pk
    other = plan.mentee if me == plan.mentor_id else plan.mentor if me == plan.mentee_id else None
    wa_text = _("Halo %(name)s, terkait pendampingan %(competency)s (tahap %(stage)s): ") % {
        "name": other.get_short_name() if other else "", "competency": plan.competency.name,
        "stage": plan.get_stage_display()}
    wa_visible = visible_whatsapp(request.actor, [plan.mentor, plan.mentee], forum_id=plan.forum_id)
    context = {
        "d": detail, "plan": plan, "stages": Stage.choices,
        "wa_other": other, "wa_link": _wa_link(other, wa_text, wa_visible),
        "wa_mentor": _wa_link(plan.mentor, wa_text, wa_visible),
        "wa_mentee": _wa_link(plan.mentee, wa_text, wa_visible),
        "next_stage": plan.stage + 1 if plan.stage < Stage.KEMANDIRIAN else None,
        "prev_stage": plan.stage - 1 if plan.stage > Stage.PENYADARAN else None,
    }
    return render(request, "mentoring/plan_detail.html", context)


@require_POST
@forum_required
def stage_change(request, pk: int):
    plan = selectors.plan_for(request.actor, pk, "mentoring.advance")
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahap tidak dikenal."))
        return redirect("mentoring:plan_detail", pk=pk)
    service_message(request, lambda: services.plan_stage_change(plan=plan,
                                                                to_stage=form.cleaned_data["to_stage"],
                                                                by=request.user,
                                                                note=form.cleaned_data["note"]),
                    success=lambda plan: _("Tahap sekarang: %(stage)s.") % {"stage": plan.get_stage_display()})
    return redirect("mentoring:plan_detail", pk=pk)


@forum_required
def plan_close(request, pk: int):
    plan = selectors.plan_for(request.actor, pk, "mentoring.close")
    if not plan.is_active:
        messages.info(request, _("Rencana ini sudah ditutup."))
        return redirect("mentoring:plan_detail", pk=pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_close(plan=plan, status=d["status"], by=request.user, after_level=d["after_level"],
                                note=d["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rencana ditutup."))
            return redirect("mentoring:plan_detail", pk=pk)
    return render(request, "mentoring/plan_close.html", {"form": form, "plan": plan})


def _owners(plans):
    owners = {}
    for p in plans:
        owners[p.mentor_id] = _("%(name)s (mentor)") % {"name": p.mentor.full_name}
        owners[p.mentee_id] = _("%(name)s (mentee)") % {"name": p.mentee.full_name}
    return list(owners.items())


@forum_required
def session_create(request, pk: int):
    plan = selectors.plan_for(request.actor, pk, "mentoring.log_session")
    group = selectors.group_plans(plan=plan)
    form = SessionForm(request.POST or None, owners=_owners([plan, *group]), group_plans=group)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        steps = form.next_steps()
        if form.is_valid():
            try:
                services.session_log(plans=[plan, *d.get("group", [])], held_on=d["held_on"], mode=d["mode"],
                                     duration_minutes=d["duration_minutes"], topic=d["topic"], notes=d["notes"],
                                     next_steps=steps, by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Sesi tercatat."))
                return redirect("mentoring:plan_detail", pk=pk)
    return render(request, "mentoring/session_form.html", {"form": form, "plan": plan})


@forum_required
def session_import(request, pk: int):
    plan = selectors.plan_for(request.actor, pk, "mentoring.log_session")
    if not plan.is_active:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, owners=_owners([plan]))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        steps = form.next_steps()
        if form.is_valid():
            try:
                session = services.session_import_whatsapp(
                    plans=[plan], upload=d["chat_file"], start=d["start"], end=d["end"], topic=d["topic"],
                    duration_minutes=d["duration_minutes"], by=request.user, next_steps=steps)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Sesi %(date)s dibuat dari chat WhatsApp.")
                                 % {"date": session.held_on.strftime("%d/%m/%Y")})
                return redirect("mentoring:plan_detail", pk=pk)
    return render(request, "mentoring/session_import.html", {"form": form, "plan": plan})


@forum_required
def effect(request):
    forum = request.forum
    policy.require(request.actor, "mentoring.view", forum)
    return render(request, "mentoring/effect.html", {"e": selectors.mentoring_effect(forum=forum)})
