from __future__ import annotations

import copy
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import exports, params, policy
from fokuss.dates import add_months
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors, service_message
from fokuss.ical import token_for
from fokuss.page_cache import page_cached
from fokuss.uploads import serve_file
from members.selectors import audit_timeline, forum_villages
from members.views import calendar_response

from . import selectors, services
from .forms import GenerateForm, ObligationForm, SubmissionForm, TermEventForm, VerifyForm

# The salt predates the move of the obligations out of reports/; changing it would void every
# calendar subscription already handed out.
ICAL_SALT = "reports.ical"  # tokens of the deadline feed before the one calendar feed


@forum_required
@page_cached()
def my_deadlines(request):
    today = timezone.localdate()
    items = selectors.my_deadlines(actor=request.actor, forum=request.forum, today=today)
    groups = selectors.deadlines_by_village(items)
    context = {"items": items, "groups": groups, "today": today, "colours": selectors.STATUS_COLOURS,
               "overseer": request.actor.overseer_of(request.forum.pk),
               # a pendamping (or anyone with several villages) sees one collapsible part per village
               "per_village": len(groups) > 1 or any(f == request.forum.pk
                                                      for f in request.actor.facilitated_villages.values())}
    return render(request, "obligations/my_deadlines.html", context)


@forum_required
def deadline_detail(request, pk: int):
    deadline = selectors.deadline_for(request.actor, pk, "deadline.view")
    today = timezone.localdate()
    context = {
        "deadline": deadline, "status": deadline.status_on(today), "colours": selectors.STATUS_COLOURS,
        "submissions": list(deadline.submissions.all()),
        "secretary": selectors.secretary_of(village_id=deadline.village_id),
        "can_submit": policy.can(request.actor, "deadline.submit", deadline) and deadline.state in ("belum", "ditolak"),
        "can_verify": policy.can(request.actor, "deadline.verify", deadline),
        "can_remind": policy.can(request.actor, "deadline.remind", deadline) and deadline.state in ("belum", "ditolak"),
        "form": SubmissionForm(), "audit": audit_timeline(deadline),
    }
    return render(request, "obligations/deadline_detail.html", context)


@require_POST
@forum_required
def deadline_submit(request, pk: int):
    deadline = selectors.deadline_for(request.actor, pk, "deadline.submit")
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.submission_create(deadline=deadline, user=request.user, file=form.cleaned_data["file"],
                                       reference_number=form.cleaned_data["reference_number"],
                                       note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Laporan dikirim. Pengurus atau kantor kecamatan akan memverifikasinya."))
            return redirect("obligations:deadline_detail", pk=deadline.pk)
    today = timezone.localdate()
    context = {
        "deadline": deadline, "status": deadline.status_on(today), "colours": selectors.STATUS_COLOURS,
        "submissions": list(deadline.submissions.all()),
        "secretary": selectors.secretary_of(village_id=deadline.village_id),
        "can_submit": True, "can_verify": policy.can(request.actor, "deadline.verify", deadline),
        "can_remind": False, "form": form, "audit": audit_timeline(deadline),
    }
    return render(request, "obligations/deadline_detail.html", context, status=400)


@require_POST
@forum_required
def submission_verify(request, pk: int):
    submission = selectors.submission_for(request.actor, pk, "deadline.verify")
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih terima atau tolak."))
        return redirect("obligations:deadline_detail", pk=submission.deadline_id)
    approve = form.cleaned_data["decision"] == "terima"
    service_message(request, lambda: services.submission_verify(submission=submission, user=request.user,
                                                                approve=approve,
                                                                reason=form.cleaned_data["reason"]),
                    success=_("Laporan diverifikasi.") if approve else _("Laporan ditolak; sekdes diberi tahu."))
    return redirect("obligations:deadline_detail", pk=submission.deadline_id)


@forum_required
def submission_file(request, pk: int):
    submission = selectors.submission_for(request.actor, pk, "deadline.view")
    if not submission.file:
        raise Http404
    return serve_file(submission.file, content_type=submission.file_type, original_name=submission.original_name)


@forum_required
@page_cached()
def matrix(request):
    forum = request.forum
    policy.require(request.actor, "deadline.overview", forum)
    today = timezone.localdate()
    data = selectors.forum_matrix_cached(forum=forum, year=params.year_param(request, default=today.year, today=today), today=today)
    export = exports.export_if_asked(request, table=lambda: selectors.matrix_table(data),
                                     filename=f"matriks-tenggat-{data.year}", forum=forum,
                                     filter_label=_("Tahun %(year)s") % {"year": data.year})
    if export:
        return export
    return render(request, "obligations/matrix.html", {"matrix": data, "colours": selectors.STATUS_COLOURS,
                                                   "years": range(today.year - 4, today.year + 2)})


@forum_required
@page_cached()
def missing(request):
    forum = request.forum
    policy.require(request.actor, "deadline.overview", forum)
    today = timezone.localdate()
    obligation_id = params.id_param(request, "kewajiban")
    obligation = None
    if obligation_id is not None:
        obligation = selectors.obligation_for(request.actor, obligation_id, "deadline.overview")
    context = {"today": today, "colours": selectors.STATUS_COLOURS}
    if obligation is None:
        start, end = today - datetime.timedelta(days=90), today + datetime.timedelta(days=45)
        context["summaries"] = selectors.period_summaries(forum=forum, start=start, end=end)
        export = exports.export_if_asked(
            request, table=lambda: selectors.period_summaries_table(context["summaries"]),
            filename="belum-mengirim", forum=forum,
            filter_label=_("Jatuh tempo %(start)s s.d. %(end)s") % {"start": start.isoformat(), "end": end.isoformat()})
        if export:
            return export
        return render(request, "obligations/missing_overview.html", context)
    periods = selectors.periods_of(obligation=obligation)
    period = request.GET.get("periode") or selectors.default_period(periods=periods, today=today)
    rows = selectors.missing_for(forum=forum, obligation=obligation, period=period, today=today)
    export = exports.export_if_asked(
        request, table=lambda: selectors.missing_table(rows, today), filename=f"belum-mengirim-{obligation.code}",
        forum=forum, filter_label=_("%(obligation)s, periode %(period)s") % {"obligation": obligation.name,
                                                                            "period": period})
    if export:
        return export
    context.update({"obligation": obligation, "period": period, "periods": periods, "rows": rows,
                    "open_count": sum(1 for d in rows if d.state in ("belum", "ditolak"))})
    return render(request, "obligations/missing.html", context)


@require_POST
@forum_required
def remind(request):
    forum = request.forum
    policy.require(request.actor, "deadline.remind", forum)
    obligation_id = request.POST.get("kewajiban", "")
    whole = bool(request.POST.get("semua")) and obligation_id.isdigit() and len(obligation_id) < 19
    deadlines = selectors.deadlines_to_remind(
        forum=forum, obligation_id=int(obligation_id) if whole else None, period=request.POST.get("periode", ""),
        ids=[int(x) for x in request.POST.getlist("deadline") if x.isdigit() and len(x) < 19])
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("obligations:missing")
    service_message(request, lambda: services.deadlines_remind(deadlines=deadlines, sender=request.user),
                    success=lambda sent: _("Pengingat dikirim ke %(n)d sekretaris desa (paling banyak sekali sehari per laporan).")
                            % {"n": sent})
    return redirect(back)


@forum_required
def on_time(request):
    forum = request.forum
    policy.require(request.actor, "deadline.overview", forum)
    by_village, by_obligation = selectors.on_time_rates(forum=forum)
    export = exports.export_if_asked(request, table=lambda: selectors.on_time_table(by_village, by_obligation),
                                     filename="ketepatan-waktu", forum=forum,
                                     filter_label=_("Semua tahun, tenggat yang sudah lewat"))
    if export:
        return export
    tables = [(_("Per desa"), by_village, "village"), (_("Per kewajiban"), by_obligation, "obligation")]
    return render(request, "obligations/on_time.html", {"tables": tables})


@forum_required
def calendar_view(request):
    today = timezone.localdate()
    first = params.month_param(request, today=today)
    context = {
        "first": first, "today": today, "colours": selectors.STATUS_COLOURS,
        "days": selectors.calendar_days(actor=request.actor, forum=request.forum, first=first, today=today),
        "prev": add_months(first, -1), "next": add_months(first, 1),
        "ical_url": request.build_absolute_uri(reverse("members:calendar_feed",
                                                       args=[token_for(request.user.pk)])),
    }
    return render(request, "obligations/calendar.html", context)


def ical(request, token: str):
    """The deadline feed address from before the one calendar feed: still answers old
    subscriptions, with deadlines only."""
    return calendar_response(token=token, salt=ICAL_SALT, sources=("obligations",), name="Tenggat laporan desa",
                             filename="tenggat-fokuss.ics")


@forum_required
def obligations(request):
    forum = request.forum
    policy.require(request.actor, "obligation.view", forum)
    context = {"obligations": selectors.obligations_of(forum=forum),
               "can_manage": policy.can(request.actor, "obligation.manage", forum),
               "generate_form": GenerateForm(initial={"year": timezone.localdate().year + 1})}
    return render(request, "obligations/obligations.html", context)


@forum_required
def obligation_edit(request, pk: int):
    obligation = selectors.obligation_for(request.actor, pk, "obligation.manage")
    # the form edits a copy: the service compares the stored row with the new data
    form = ObligationForm(request.POST or None, instance=copy.copy(obligation))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("reminder_days_text", "reschedule_open")}
        data["reminder_days"] = form.cleaned_data["reminder_days_text"]
        try:
            _ob, moved = services.obligation_update(obligation=obligation, data=data,
                                                    reschedule_open=form.cleaned_data["reschedule_open"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kewajiban disimpan; %(n)d tenggat terbuka dipindahkan ke tanggal baru.")
                             % {"n": moved})
            return redirect("obligations:obligations")
    return render(request, "obligations/obligation_edit.html", {"form": form, "obligation": obligation})


@require_POST
@forum_required
def generate(request):
    forum = request.forum
    policy.require(request.actor, "obligation.manage", forum)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tahun antara 2000 dan 2100."))
    else:
        service_message(request, lambda: services.deadlines_generate(forum=forum, year=form.cleaned_data["year"]),
                        success=lambda created: _("%(n)d tenggat baru dibuat untuk tahun %(year)d (yang sudah ada tidak diubah).")
                                % {"n": created, "year": form.cleaned_data["year"]})
    return redirect("obligations:obligations")


@forum_required
def term_event(request):
    forum = request.forum
    policy.require(request.actor, "obligation.manage", forum)
    form = TermEventForm(request.POST or None, villages=forum_villages(forum=forum))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.term_event_record(forum=forum, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pelantikan di %(village)s dicatat; tenggat RPJMDes dibuat.")
                             % {"village": event.village.name})
            return redirect("obligations:obligations")

    return render(request, "obligations/term_event.html",
                  {"form": form, "events": selectors.term_events(forum=forum)})
