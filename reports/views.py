"""Read-side pages composed from every domain app: the capacity report, the person profile, the
village profile and a pendamping's villages."""

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
from fokuss.page_cache import page_cached
from fokuss.pdf import pdf_response, render_pdf
from fokuss.uploads import serve_file
from members.selectors import audit_timeline, village_for
from members.services import profile_view_record

from . import rollup, selectors, services
from .exports import capacity_villages_table
from .forms import NarrativeForm
from .models import ReportFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@forum_required
@page_cached()
def person_profile(request, person_id: int):
    """A person's competency trend with its evidence, trainings attended and mentoring plans. The
    page keeps its old address /kompetensi/orang/<id>/."""
    ref = person_for(request.actor, "competency.view_person", forum=request.forum, person_id=person_id)
    data = selectors.person_profile(forum=request.forum, person_id=person_id, viewer_id=request.user.pk)
    profile_view_record(viewer=request.user, person=data.person, forum=request.forum)  # shown to the person (UU 27/2022)
    context = {
        "audit": audit_timeline(data.person),
        "p": data, "ref": ref, "grade_rule": grade_rule_text(), "chart": selectors.profile_chart(data),
        "chart_keys": [(selectors.short_code(t.competency.code), t.competency.name) for t in data.trends],
        "can_assess": policy.can(request.actor, "competency.assess", ref),
        "can_validate": policy.can(request.actor, "competency.validate", ref),
        "can_self_assess": policy.can(request.actor, "competency.self_assess", ref),
    }
    return render(request, "reports/person_profile.html", context)


@forum_required
def facilitated(request):
    """"Desa dampingan saya": the pendamping's villages with their status at a glance; CSV / XLSX
    of the same rows for the pendamping."""
    policy.require(request.actor, "village.facilitated", request.forum)
    rows = selectors.facilitated_status(forum=request.forum, user_id=request.user.pk, today=timezone.localdate())
    export = exports.export_if_asked(request, table=lambda: selectors.facilitated_table(rows),
                                     filename="desa-dampingan-saya", forum=request.forum,
                                     filter_label=_("Desa dampingan %(name)s") % {"name": request.user.full_name},
                                     action="village.facilitated")
    if export:
        return export
    return render(request, "reports/facilitated.html",
                  {"rows": rows, "summary": selectors.facilitated_summary(rows)})


# Village profile ----------------------------------------------------------------------------------

@forum_required
@page_cached()
def village_profile(request, code: str):
    """The village page at /desa/<code>/: every member of the forum sees the secretary, the tenure
    history and the pendamping; the village's own secretary and pendamping, the board, the camat
    office and kabupaten staff also see the profile (competency, trainings, mentoring, deadlines)."""
    village = village_for(request.actor, code)
    private = policy.can(request.actor, "village.profile", village)
    data, charts = selectors.village_page_data(village=village, private=private, today=timezone.localdate())
    if data.private and data.secretary is not None:  # someone else's levels: shown to the person (UU 27/2022)
        profile_view_record(viewer=request.user, person=data.secretary, forum=data.forum)
    context = {"p": data, "village": village, "audit": audit_timeline(village), "charts": charts}
    return render(request, "reports/village_profile.html", context)


@forum_required
def village_profile_pdf(request, code: str):
    """The village profile as an A4 document with the forum's letterhead (always in Indonesian),
    rendered on request; the download goes into the village's audit trail."""
    village = village_for(request.actor, code, "village.profile")
    today = timezone.localdate()
    with translation.override("id"):
        data = selectors.village_profile(village=village, private=True, today=today)
        pdf = render_pdf(template_name="pdf/reports/profil_desa.html",
                         context=selectors.village_document_context(profile=data),
                         title=f"Profil Desa {village.name}", lang="id")
    services.village_profile_download_record(by=request.user, village=village, secretary=data.secretary,
                                             path=request.path)
    return pdf_response(pdf, filename=f"profil-desa-{village.code}-{today.isoformat()}.pdf")


# Capacity report ----------------------------------------------------------------------------------

def _period(request, raw: str):
    """The period in the address (404 when it is not one the forum can report on)."""
    try:
        return selectors.parse_period(raw, forum=request.forum, today=timezone.localdate())
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc


def _file_period(request, raw: str):
    """The period of a PDF or XLSX address; a period that is malformed, not begun or before the
    forum existed gets the report page of the running period with the reason (400), not a bare 404."""
    try:
        return selectors.parse_period(raw, forum=request.forum, today=timezone.localdate())
    except ValidationError as exc:
        return _capacity_page(request, period=selectors.current_period(today=timezone.localdate()),
                              error=exc.messages[0], status=400)


def _capacity_page(request, *, period, form=None, error: str = "", status: int = 200):
    forum, today = request.forum, timezone.localdate()
    figures, charts = selectors.capacity_page_figures(forum=forum, period=period, today=today)
    report = selectors.capacity_report_row(forum=forum, period=period)
    can_write = policy.can(request.actor, "report.write", forum)
    if form is None and can_write:
        form = NarrativeForm(initial={f: getattr(report, f) for f in services.NARRATIVE_FIELDS} if report else None)
    context = {"report": figures, "row": report, "charts": charts, "form": form,
               "can_write": can_write, "choices": selectors.period_choices(forum=forum, today=today),
               "period_error": error,
               "draft_file": selectors.report_file_latest(kind=ReportFile.Kind.KAPASITAS, user=request.user,
                                                          key=period.key, forum=forum)}
    return render(request, "reports/capacity.html", context, status=status)


@forum_required
@page_cached()
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


def _capacity_draft_status(request, period):
    return _file_status(
        request, file=selectors.report_file_latest(kind=ReportFile.Kind.KAPASITAS, user=request.user, key=period.key,
                                                   forum=request.forum),
        request_url=reverse("reports:capacity_draft", args=[period.key]),
        status_url=reverse("reports:capacity_draft_status", args=[period.key]))


@forum_required
@require_POST
def capacity_draft(request, period: str):
    """Ask for the draft PDF of the period: made in Celery, the page shows its progress."""
    policy.require(request.actor, "report.download", request.forum)
    period = _period(request, period)
    return _asked(request, lambda: services.capacity_draft_request(forum=request.forum, period=period, by=request.user),
                  back=reverse("reports:capacity") + f"?periode={period.key}",
                  status=lambda: _capacity_draft_status(request, period))


@forum_required
def capacity_draft_status(request, period: str):
    """The progress of the newest draft PDF of the period, polled by htmx while it is made."""
    policy.require(request.actor, "report.download", request.forum)
    return _capacity_draft_status(request, _period(request, period))


@forum_required
def capacity_pdf(request, period: str):
    """The issued report from storage. Before issuing, the page never renders on request (about
    1.5 s of WeasyPrint): the newest draft PDF of the period made in the background when there is
    one, else the report's page, where the draft is asked for. Official documents are always in
    Indonesian."""
    policy.require(request.actor, "report.download", request.forum)
    period = _file_period(request, period)
    if isinstance(period, HttpResponse):
        return period
    report = selectors.capacity_report_row(forum=request.forum, period=period)
    name = f"laporan-kapasitas-{request.forum.short_name.lower()}-{period.key}.pdf"
    if report and report.is_issued and report.document and report.document.file:
        return serve_file(report.document.file, content_type="application/pdf", original_name=name)
    draft = selectors.report_file_latest(kind=ReportFile.Kind.KAPASITAS, user=request.user, key=period.key,
                                         forum=request.forum)
    if draft is not None and draft.is_ready:
        return redirect("reports:report_file", pk=draft.pk)
    return redirect(reverse("reports:capacity") + f"?periode={period.key}")


@forum_required
def capacity_xlsx(request, period: str):
    """The figures of the period as a workbook (the same object the page and the PDF read)."""
    policy.require(request.actor, "report.download", request.forum)
    period = _file_period(request, period)
    if isinstance(period, HttpResponse):
        return period
    with translation.override("id"):
        data = selectors.capacity_xlsx(selectors.capacity_figures(forum=request.forum, period=period))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="angka-laporan-{request.forum.short_name.lower()}-{period.key}.xlsx"')
    return response



# Kabupaten roll-up --------------------------------------------------------------------------------

def _rollup_year(raw: str, today: datetime.date, request=None) -> int:
    """The year of the roll-up: within the last ten years (the page's picker), else this year,
    with a message on the page when a request is given."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 4 and today.year - 10 <= int(raw) <= today.year:
        return int(raw)
    if raw and request is not None:
        messages.warning(request, _("Tahun \"%(value)s\" tidak dapat dipakai: rekap tersedia untuk tahun %(lo)d "
                                    "sampai %(hi)d. Ditampilkan tahun %(hi)d.")
                         % {"value": raw[:20], "lo": today.year - 10, "hi": today.year})
    return today.year


@forum_required
@page_cached(forums=lambda request: rollup.rollup_forum_ids(request.actor))
def kabupaten(request):
    """Every kecamatan forum of the user's kabupaten side by side (kabupaten staff and admin)."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    today = timezone.localdate()
    year = _rollup_year(request.GET.get("tahun", "").strip(), today, request)
    data, chart = rollup.kabupaten_page_data(forum_ids=rollup.rollup_forum_ids(request.actor), year=year, today=today)
    export = exports.export_if_asked(request, table=lambda: rollup.rollup_table(data),
                                     filename=f"rekap-kabupaten-{year}", forum=request.forum,
                                     forum_label=_("Kabupaten %(name)s") % {"name": data.label},
                                     filter_label=_("Tahun %(year)s") % {"year": year},
                                     action="kabupaten.rollup")
    if export:
        return export
    context = {"rollup": data, "chart": chart, "years": range(today.year, today.year - 10, -1),
               "pdf": _latest_rollup_file(request, year)}
    return render(request, "reports/kabupaten.html", context)


def _rollup_year_or_404(year: int) -> int:
    if year != _rollup_year(str(year), timezone.localdate()):
        raise Http404
    return year


def _latest_rollup_file(request, year: int):
    return selectors.report_file_latest(kind=ReportFile.Kind.KABUPATEN, user=request.user, key=str(year),
                                        actor=request.actor)


def _file_status(request, *, file, request_url: str, status_url: str, status: int = 200):
    return render(request, "reports/_file_status.html",
                  {"file": file, "request_url": request_url, "status_url": status_url}, status=status)


def _asked(request, ask, *, back: str, status):
    """Run the request service; a message either way; the status block for htmx, else back to the page."""
    try:
        ask()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.info(request, _("PDF sedang dibuat. Anda akan mendapat notifikasi bila sudah siap."))
    if request.headers.get("HX-Request"):
        return status()
    return redirect(back)


@forum_required
def kabupaten_pdf(request, year: int):
    """The old address of the roll-up PDF (rendered on request until it moved to the background):
    the newest PDF of the year when there is one, else the page where it is asked for."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    year = _rollup_year_or_404(year)
    found = _latest_rollup_file(request, year)
    if found is not None and found.is_ready:
        return redirect("reports:report_file", pk=found.pk)
    return redirect(reverse("reports:kabupaten") + f"?tahun={year}")


def _kabupaten_status(request, year: int):
    return _file_status(request, file=_latest_rollup_file(request, year),
                        request_url=reverse("reports:kabupaten_pdf_request", args=[year]),
                        status_url=reverse("reports:kabupaten_pdf_status", args=[year]))


@forum_required
@require_POST
def kabupaten_pdf_request(request, year: int):
    """Ask for the roll-up PDF of the year: made in Celery, the page shows its progress."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    year = _rollup_year_or_404(year)
    return _asked(request, lambda: services.kabupaten_report_request(
        forum=request.forum, year=year, by=request.user, forum_ids=rollup.rollup_forum_ids(request.actor)),
        back=reverse("reports:kabupaten") + f"?tahun={year}", status=lambda: _kabupaten_status(request, year))


@forum_required
def kabupaten_pdf_status(request, year: int):
    """The progress of the newest roll-up PDF of the year, polled by htmx while it is made."""
    policy.require(request.actor, "kabupaten.rollup", request.forum)
    return _kabupaten_status(request, _rollup_year_or_404(year))


@forum_required
def report_file(request, pk: int):
    """A stored report PDF (roll-up, capacity draft), for the person who asked for it."""
    found = selectors.report_file_for(request.actor, user=request.user, pk=pk, forum=request.forum)
    return serve_file(found.file, content_type="application/pdf", original_name=found.file.name.rsplit("/", 1)[-1])
