"""Attendance: the board's sheet (marks, absences filled in, scores), the QR check-in screen
and what a participant's phone opens after scanning; the attendance report of the forum."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import exports, params, policy
from fokuss.decorators import forum_required
from fokuss.forms import service_message

from .. import selectors, services
from ..exports import attendance_table
from ..forms import MarkForm, ScoresForm
from ..models import Attendance


@forum_required
def attendance(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    if request.method == "POST":
        form = MarkForm(request.POST)
        if form.is_valid():
            try:
                services.attendance_mark(event=event, person_id=form.cleaned_data["person"], by=request.user,
                                         status=form.cleaned_data["status"], note=form.cleaned_data["note"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, _("Pilih status kehadiran."))
        if request.htmx:
            rows = {r.person_id: r for r in selectors.attendance_sheet(event=event)}
            row = rows.get(form.cleaned_data.get("person")) if form.is_valid() else None
            if row is not None:
                return render(request, "trainings/_sheet_row.html", {"row": row, "event": event,
                                                                      "statuses": Attendance.Status.choices})
        return redirect("trainings:attendance", pk=event.pk)
    rows = selectors.attendance_sheet(event=event)
    counts = {s: sum(1 for r in rows if r.attendance and r.attendance.status == s) for s in Attendance.Status.values}
    return render(request, "trainings/attendance.html", {
        "event": event, "rows": rows, "counts": counts, "statuses": Attendance.Status.choices,
        "now": timezone.now(), "unrecorded": sum(1 for r in rows if r.attendance is None)})


@require_POST
@forum_required
def attendance_fill(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    service_message(request, lambda: services.attendance_fill_absent(event=event, by=request.user),
                    success=lambda n: _("%(n)d peserta tanpa catatan ditandai izin/alpa.") % {"n": n})
    return redirect("trainings:attendance", pk=event.pk)


@require_POST
@forum_required
def scores(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    form = ScoresForm(request.POST)
    if form.is_valid():
        row = selectors.attendance_for(request.actor, form.cleaned_data["attendance"], event=event)
        service_message(request, lambda: services.attendance_scores(attendance=row,
                                                                    pre_score=form.cleaned_data["pre_score"],
                                                                    post_score=form.cleaned_data["post_score"]),
                        success=_("Nilai %(name)s disimpan.") % {"name": row.person.full_name})
    return redirect("trainings:attendance", pk=event.pk)


def _checkin_screen(request, event) -> dict:
    url = request.build_absolute_uri(reverse("trainings:checkin", args=[event.pk, event.checkin_code]))
    return selectors.checkin_screen(event=event, url=url)


@forum_required
def checkin_display(request, pk: int):
    """The organiser's screen: a QR code that rotates every few minutes."""
    event = selectors.event_for(request.actor, pk, "event.manage")
    try:
        event = services.checkin_code_current(event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("trainings:attendance", pk=event.pk)
    return render(request, "trainings/checkin_display.html", _checkin_screen(request, event))


@require_POST
@forum_required
def checkin_code(request, pk: int):
    """htmx: the current code (rotated when it is about to expire) and the number present."""
    event = selectors.event_for(request.actor, pk, "event.manage")
    try:
        event = services.checkin_code_current(event=event)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    return render(request, "trainings/_checkin_code.html", _checkin_screen(request, event))


@forum_required
def checkin(request, pk: int, code: str):
    """What a participant's phone opens after scanning: confirm, then recorded."""
    event = selectors.event_for(request.actor, pk, "event.checkin")
    if request.method == "POST":
        done = service_message(request, lambda: services.checkin_scan(event=event, person=request.user, code=code),
                               success=lambda done: _("Kehadiran Anda tercatat pukul %(t)s WIB.")
                               % {"t": timezone.localtime(done.arrived_at).strftime("%H.%M")})
        if done is not None:
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/checkin.html", {
        "event": event, "code": code, "valid": selectors.checkin_code_valid(event=event, code=code)})


@forum_required
def attendance_report(request):
    forum = request.forum
    policy.require(request.actor, "event.report", forum)
    today = timezone.localdate()
    start = params.date_param(request, "dari", default=today.replace(month=1, day=1), today=today)
    end = params.date_param(request, "sampai", default=today, today=today)
    if end < start:
        messages.error(request, _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        start, end = end, start
    people, villages, events = selectors.attendance_rates(forum=forum, start=start, end=end)
    export = exports.export_if_asked(
        request, table=lambda: attendance_table(people, villages), filename="rekap-kehadiran", forum=forum,
        filter_label=_("Kegiatan %(start)s s.d. %(end)s") % {"start": start.isoformat(), "end": end.isoformat()})
    if export:
        return export
    return render(request, "trainings/attendance_report.html",
                  {"people": people, "villages": villages, "events": events, "start": start, "end": end})
