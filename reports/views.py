"""Read-side pages composed from every domain app: the capacity report and the person profile."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from competency.selectors import grade_rule_text, person_for
from fokuss import policy
from fokuss.decorators import forum_required
from members.services import profile_view_record

from . import selectors


@forum_required
def person_profile(request, person_id: int):
    """A person's competency trend with its evidence, trainings attended and mentoring plans. The
    page keeps its old address /kompetensi/orang/<id>/."""
    ref = person_for(request.actor, "competency.view_person", forum=request.forum, person_id=person_id)
    data = selectors.person_profile(forum=request.forum, person_id=person_id)
    profile_view_record(viewer=request.user, person=person_id, forum=request.forum)  # shown to the person (UU 27/2022)
    context = {
        "p": data, "ref": ref, "grade_rule": grade_rule_text(),
        "can_assess": policy.can(request.actor, "competency.assess", ref),
        "can_validate": policy.can(request.actor, "competency.validate", ref),
        "can_self_assess": policy.can(request.actor, "competency.self_assess", ref),
    }
    return render(request, "reports/person_profile.html", context)


# Capacity report ----------------------------------------------------------------------------------

def _report_years(forum, today: datetime.date) -> range:
    """The years a capacity report can cover: from the forum's founding to this year."""
    first = forum.founded_on.year if forum.founded_on else today.year - 10
    return range(first, today.year + 1)


@forum_required
def capacity(request):
    forum = request.forum
    policy.require(request.actor, "report.download", forum)
    today = timezone.localdate()
    years = _report_years(forum, today)
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else today.year
    report = selectors.capacity_report(forum=forum, year=year, today=today)
    return render(request, "reports/capacity.html", {"report": report, "years": reversed(years)})


@forum_required
def capacity_pdf(request, year: int):
    """The capacity report as an A4 document in Indonesian (an official document: always in
    Indonesian, whatever the reader's interface language)."""
    from django.utils import translation

    from fokuss.pdf import pdf_response, render_pdf
    from fokuss.terbilang import tanggal, tanggal_panjang
    from members.selectors import board_signatory, forum_letterhead

    forum = request.forum
    policy.require(request.actor, "report.download", forum)
    today = timezone.localdate()
    if year not in _report_years(forum, today):
        raise Http404
    with translation.override("id"):
        report = selectors.capacity_report(forum=forum, year=year, today=today)
        context = {**forum_letterhead(forum=forum), "report": report, "keadaan": tanggal_panjang(report.as_of),
                   "tanggal_surat": tanggal(today),
                   "ketua": board_signatory(forum=forum, position="ketua", today=today)}
        data = render_pdf(template_name="pdf/reports/kapasitas.html", context=context)
    return pdf_response(data, filename=f"laporan-kapasitas-{forum.short_name.lower()}-{year}.pdf")
