"""Read-side pages composed from every domain app: the capacity report and the person profile."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competency.selectors import grade_rule_text, person_for
from fokuss import exports, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from fokuss.pdf import pdf_response, render_pdf
from fokuss.uploads import serve_file
from members.selectors import audit_timeline
from members.services import profile_view_record

from . import rollup, selectors, services
from .exports import capacity_villages_table
from .forms import NarrativeForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@forum_required
def person_profile(request, person_id: int):
    """A person's competency trend with its evidence, trainings attended and mentoring plans. The
    page keeps its old address /kompetensi/orang/<id>/."""
    ref = person_for(request.actor, "competency.view_person", forum=request.forum, person_id=person_id)
    data = selectors.person_profile(forum=request.forum, person_id=person_id, viewer_id=request.user.pk)
    profile_view_record(viewer=request.user, person=data.person, forum=request.forum)  # shown to the person (UU 27/2022)
    context = {
        "audit": audit_timeline(data.person),
        "p": data, "ref": ref, "grade_rule": grade_rule_text(),
        "can_assess": policy.can(request.actor, "competency.assess", ref),
        "can_validate": policy.can(request.actor, "competency.validate", ref),
        "can_self_assess": policy.can(request.actor, "competency.self_assess", ref),
    }
    return render(request, "reports/person_profile.html", context)


# Capacity report ----------------------------------------------------------------------------------

def _period(request, raw: str):
    """The period in the address (404 when it is not one the forum can report on)."""
    try:
        return selectors.parse_period(raw, forum=request.forum, today=timezone.localdate())
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc


def _capacity_page(request, *, period, form=None, error: str = "", status: int = 200):
    forum, today = request.forum, timezone.localdate()
    figures = selectors.capacity_figures(forum=forum, period=period, today=today)
    report = selectors.capacity_report_row(forum=forum, period=period)
    can_write = policy.can(request.actor, "report.write", forum)
    if form is None and can_write:
        form = NarrativeForm(initial={f: getattr(report, f) for f in services.NARRATIVE_FIELDS} if report else None)
    context = {"report": figures, "row": report, "charts": selectors.capacity_charts(figures), "form": form,
               "can_write": can_write, "choices": selectors.period_choices(forum=forum, today=today),
               "period_error": error}
    return render(request, "reports/capacity.html", context, status=status)


@forum_required
def capacity(request):
    policy.require(request.actor, "report.download", request.forum)
    today = timezone.localdate()
    raw = request.GET.get("periode") or request.GET.get("tahun")
    if not raw:
        period = selectors.current_period(today=today)
    else:
        try:
            period = selectors.parse_period(raw, forum=request.forum, today=today)
        except ValidationError as exc:
            return _capacity_page(request, period=selectors.current_period(today=today), error=exc.messages[0],
                                  status=400)
    export = exports.export_if_asked(
        request, table=lambda: capacity_villages_table(
            selectors.capacity_figures(forum=request.forum, period=period, today=today)),
        filename=f"laporan-kapasitas-desa-{period.key}", forum=request.forum,
        filter_label=_("Periode %(period)s") % {"period": period.label})
    if export:
        return export
    return _capacity_page(request, period=period)


@forum_required
@require_POST
def capacity_save(request, period: str):
    policy.require(request.actor, "report.write", request.forum)
    period = _period(request, period)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.capacity_report_save(forum=request.forum, period=period, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uraian laporan disimpan."))
            return redirect(reverse("reports:capacity") + f"?periode={period.key}")
    return _capacity_page(request, period=period, form=form, status=400)


@forum_required
@require_POST
def capacity_issue(request, period: str):
    policy.require(request.actor, "report.write", request.forum)
    period = _period(request, period)
    try:
        services.capacity_report_issue_start(forum=request.forum, period=period, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.info(request, _("Laporan sedang dibuat. Anda akan mendapat notifikasi bila sudah siap."))
    return redirect(reverse("reports:capacity") + f"?periode={period.key}")


@forum_required
def capacity_progress(request, period: str):
    """The issuing status, polled by htmx while the PDF is being made."""
    policy.require(request.actor, "report.download", request.forum)
    period = _period(request, period)
    return render(request, "reports/_capacity_status.html",
                  {"row": selectors.capacity_report_row(forum=request.forum, period=period), "period": period,
                   "can_write": policy.can(request.actor, "report.write", request.forum)})


@forum_required
def capacity_pdf(request, period: str):
    """The issued report from storage; before issuing, a draft rendered on request (marked DRAF,
    no number). Official documents are always in Indonesian."""
    policy.require(request.actor, "report.download", request.forum)
    period = _period(request, period)
    report = selectors.capacity_report_row(forum=request.forum, period=period)
    name = f"laporan-kapasitas-{request.forum.short_name.lower()}-{period.key}.pdf"
    if report and report.is_issued and report.document and report.document.file:
        return serve_file(report.document.file, content_type="application/pdf", original_name=name)
    today = timezone.localdate()
    with translation.override("id"):
        figures = selectors.capacity_figures(forum=request.forum, period=period, today=today)
        context = selectors.capacity_document_context(figures=figures, report=report, today=today)
        data = render_pdf(template_name="pdf/reports/kapasitas.html", context=context)
    return pdf_response(data, filename=f"draf-{name}")


@forum_required
def capacity_xlsx(request, period: str):
    """The figures of the period as a workbook (the same object the page and the PDF read)."""
    policy.require(request.actor, "report.download", request.forum)
    period = _period(request, period)
    with translation.override("id"):
        data = selectors.capacity_xlsx(selectors.capacity_figures(forum=request.forum, period=period))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="angka-laporan-{request.forum.short_name.lower()}-{period.key}.xlsx"')
    return response



# Kabupaten roll-up --------------------------------------------------------------------------------

def _rollup_year(raw: str, today: datetime.date) -> int:
    return int(raw) if raw.isdigit() and today.year - 10 <= int(raw) <= today.year else today.year


@forum_required
def kabupaten(request):
    """Every kecamatan forum of the user's kabupaten side by side (kabupaten staff and admin)."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    today = timezone.localdate()
    year = _rollup_year(request.GET.get("tahun", ""), today)
    data = rollup.kabupaten_rollup(forum_ids=rollup.rollup_forum_ids(request.actor), year=year, today=today)
    export = exports.export_if_asked(request, table=lambda: rollup.rollup_table(data),
                                     filename=f"rekap-kabupaten-{year}", forum=request.forum,
                                     forum_label=_("Kabupaten %(name)s") % {"name": data.label},
                                     filter_label=_("Tahun %(year)s") % {"year": year},
                                     action="kabupaten.rollup")
    if export:
        return export
    context = {"rollup": data, "chart": rollup.rollup_chart(data), "years": range(today.year, today.year - 10, -1),
               "pdf": rollup.kabupaten_report_latest(actor=request.actor, user=request.user, year=year)}
    return render(request, "reports/kabupaten.html", context)


def _rollup_year_or_404(year: int) -> int:
    if year != _rollup_year(str(year), timezone.localdate()):
        raise Http404
    return year


def _kabupaten_status(request, year: int, *, status: int = 200):
    report = rollup.kabupaten_report_latest(actor=request.actor, user=request.user, year=year)
    return render(request, "reports/_kabupaten_status.html", {"pdf": report, "year": year}, status=status)


@forum_required
def kabupaten_pdf(request, year: int):
    """The old address of the roll-up PDF (rendered on request until it moved to the background):
    the newest PDF of the year when there is one, else the page where it is asked for."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    year = _rollup_year_or_404(year)
    report = rollup.kabupaten_report_latest(actor=request.actor, user=request.user, year=year)
    if report is not None and report.is_ready:
        return redirect("reports:kabupaten_pdf_file", pk=report.pk)
    return redirect(reverse("reports:kabupaten") + f"?tahun={year}")


@forum_required
@require_POST
def kabupaten_pdf_request(request, year: int):
    """Ask for the roll-up PDF of the year: made in Celery, the page shows its progress."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    year = _rollup_year_or_404(year)
    try:
        services.kabupaten_report_request(forum=request.forum, year=year, by=request.user,
                                          forum_ids=rollup.rollup_forum_ids(request.actor))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.info(request, _("PDF rekap sedang dibuat. Anda akan mendapat notifikasi bila sudah siap."))
    if request.headers.get("HX-Request"):
        return _kabupaten_status(request, year)
    return redirect(reverse("reports:kabupaten") + f"?tahun={year}")


@forum_required
def kabupaten_pdf_status(request, year: int):
    """The progress of the newest roll-up PDF of the year, polled by htmx while it is made."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    return _kabupaten_status(request, _rollup_year_or_404(year))


@forum_required
def kabupaten_pdf_file(request, pk: int):
    """A stored roll-up PDF, for the person who asked for it (while they read the same forums)."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    report = rollup.kabupaten_report_for(actor=request.actor, user=request.user, pk=pk)
    if not report.is_ready:
        raise Http404
    return serve_file(report.file, content_type="application/pdf", original_name=f"rekap-kabupaten-{report.year}.pdf")
