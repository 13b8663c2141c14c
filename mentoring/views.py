from collections import Counter
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competency.models import Competency, Framework
from competency.selectors import serving_tenures
from fokuss import policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from members.models import User

from . import selectors, services
from .forms import CloseForm, ImportForm, PlanForm, SessionForm, StageForm
from .models import MentoringPlan, Stage


def _plan_or_404(request, pk: int) -> MentoringPlan:
    try:
        return selectors.plan_for_view(pk=pk)
    except MentoringPlan.DoesNotExist as exc:
        raise Http404 from exc


def _wa_link(person, text: str) -> str:
    if not person or not person.whatsapp:
        return ""
    return f"{person.whatsapp_link}?text={quote(text)}"


@forum_required
def index(request):
    forum = request.forum
    policy.require(request.actor, "forum.view", forum)
    status = request.GET.get("status", "aktif")
    if status not in MentoringPlan.Status.values:
        status = ""
    plans = selectors.visible_plans(actor=request.actor, forum=forum, status=status)
    today = timezone.localdate()
    for plan in plans:
        plan.stalled = plan.status == MentoringPlan.Status.AKTIF and selectors.plan_is_stalled(
            plan, today=today, days=forum.stalled_mentoring_days)
    context = {"plans": plans, "status": status, "statuses": MentoringPlan.Status.choices, "stages": Stage.choices}
    return render(request, "mentoring/index.html", context)


@forum_required
def suggestions(request):
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    code = request.GET.get("kompetensi", "")[:20]
    mentee_id = request.GET.get("mentee", "")
    framework = Framework.current(forum=forum)
    gaps = selectors.mentor_suggestions(forum=forum, today=timezone.localdate())
    if mentee_id.isdigit():
        gaps = [g for g in gaps if g.mentee.pk == int(mentee_id)]
        code = code or "semua"
    if not code and gaps:
        # one competency at a time by default: the one with most gaps
        counts = Counter(g.competency.code for g in gaps)
        code = max(counts, key=lambda c: (counts[c], -next(g.competency.position for g in gaps
                                                             if g.competency.code == c)))
    shown = gaps if code == "semua" else [g for g in gaps if g.competency.code == code]
    context = {"gaps": shown, "code": code, "cap": forum.mentor_load_cap, "total": len(gaps),
               "competencies": framework.competencies.all() if framework else []}
    return render(request, "mentoring/suggestions.html", context)


def _pair_from_post(request):
    forum = request.forum
    try:
        mentee = User.objects.get(pk=int(request.POST.get("mentee", "")))
        mentor = User.objects.get(pk=int(request.POST.get("mentor", "")))
        competency = Competency.objects.get(pk=int(request.POST.get("competency", "")))
    except (ValueError, User.DoesNotExist, Competency.DoesNotExist) as exc:
        raise Http404 from exc
    if not serving_tenures(forum=forum).filter(user=mentee).exists():
        raise Http404
    return mentee, mentor, competency


@require_POST
@forum_required
def suggestion_accept(request):
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    mentee, mentor, competency = _pair_from_post(request)
    level = request.POST.get("level", "")
    goal = _("Naik dari tingkat %(level)s ke tingkat 3 (mampu mandiri) dalam %(name)s.") % {
        "level": level or "?", "name": competency.name}
    try:
        plan = services.plan_create(forum=forum, mentee=mentee, mentor=mentor, competency=competency, goal=goal,
                                    target_level=3, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mentoring:suggestions")
    messages.success(request, _("Rencana pendampingan dibuat: %(mentor)s mendampingi %(mentee)s.")
                     % {"mentor": mentor.full_name, "mentee": mentee.full_name})
    return redirect("mentoring:plan_detail", pk=plan.pk)


@require_POST
@forum_required
def suggestion_reject(request):
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    mentee, mentor, competency = _pair_from_post(request)
    services.suggestion_reject(forum=forum, mentee=mentee, mentor=mentor, competency_code=competency.code,
                               by=request.user, reason=request.POST.get("reason", ""))
    messages.info(request, _("Saran ditolak; pasangan ini tidak akan disarankan lagi."))
    return redirect("mentoring:suggestions")


@forum_required
def plan_create(request):
    """Create a plan by hand or edit a suggestion before accepting it; several mentees make a group."""
    forum = request.forum
    policy.require(request.actor, "mentoring.manage", forum)
    framework = Framework.current(forum=forum)
    mentees = User.objects.filter(pk__in=serving_tenures(forum=forum).values("user_id")).order_by("full_name")
    today = timezone.localdate()
    mentor_qs = User.objects.filter(
        Q(pk__in=serving_tenures(forum=forum).values("user_id"))
        | Q(board_positions__forum=forum, board_positions__period_start__lte=today,
            board_positions__period_end__gte=today)
        | Q(facilitator_assignments__village__district_id=forum.district_id,
            facilitator_assignments__ended_on__isnull=True),
        is_active=True,
    ).distinct().order_by("full_name")
    initial = {k: request.GET.get(k) for k in ("mentor", "competency") if request.GET.get(k)}
    if request.GET.get("mentee"):
        initial["mentees"] = [request.GET["mentee"]]
    form = PlanForm(request.POST or None, initial=initial, mentees=mentees, mentors=mentor_qs,
                    competencies=framework.competencies.all() if framework else Competency.objects.none())
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
    plan = _plan_or_404(request, pk)
    policy.require(request.actor, "mentoring.view_plan", plan)
    detail = selectors.plan_detail(plan=plan)
    me = request.user.pk
    other = plan.mentee if me == plan.mentor_id else plan.mentor if me == plan.mentee_id else None
    wa_text = _("Halo %(name)s, terkait pendampingan %(competency)s (tahap %(stage)s): ") % {
        "name": other.get_short_name() if other else "", "competency": plan.competency.name,
        "stage": plan.get_stage_display()}
    context = {
        "d": detail, "plan": plan, "stages": Stage.choices,
        "can_log": plan.is_active and policy.can(request.actor, "mentoring.log_session", plan),
        "can_advance": plan.is_active and policy.can(request.actor, "mentoring.advance", plan),
        "can_close": plan.is_active and policy.can(request.actor, "mentoring.close", plan),
        "wa_other": other, "wa_link": _wa_link(other, wa_text),
        "wa_mentor": _wa_link(plan.mentor, wa_text), "wa_mentee": _wa_link(plan.mentee, wa_text),
        "next_stage": plan.stage + 1 if plan.stage < Stage.KEMANDIRIAN else None,
        "prev_stage": plan.stage - 1 if plan.stage > Stage.PENYADARAN else None,
    }
    return render(request, "mentoring/plan_detail.html", context)


@require_POST
@forum_required
def stage_change(request, pk: int):
    plan = _plan_or_404(request, pk)
    policy.require(request.actor, "mentoring.advance", plan)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahap tidak dikenal."))
        return redirect("mentoring:plan_detail", pk=pk)
    try:
        plan = services.plan_stage_change(plan=plan, to_stage=form.cleaned_data["to_stage"], by=request.user,
                                          note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tahap sekarang: %(stage)s.") % {"stage": plan.get_stage_display()})
    return redirect("mentoring:plan_detail", pk=pk)


@forum_required
def plan_close(request, pk: int):
    plan = _plan_or_404(request, pk)
    policy.require(request.actor, "mentoring.close", plan)
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


def _group_plans(plan):
    return (MentoringPlan.objects.filter(mentor_id=plan.mentor_id, forum_id=plan.forum_id,
                                         status=MentoringPlan.Status.AKTIF).exclude(pk=plan.pk)
            .select_related("mentee", "competency"))


@forum_required
def session_create(request, pk: int):
    plan = _plan_or_404(request, pk)
    policy.require(request.actor, "mentoring.log_session", plan)
    group = _group_plans(plan)
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
    plan = _plan_or_404(request, pk)
    policy.require(request.actor, "mentoring.log_session", plan)
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
