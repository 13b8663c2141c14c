"""Thin views: parse, check the policy, call one service or selector, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from fokuss.uploads import serve_file

from . import selectors, services
from .forms import (
    AgendaItemFormSet,
    CorrectionForm,
    EventForm,
    FeedbackForm,
    FollowUpFormSet,
    MarkForm,
    MaterialForm,
    MinutesHeadForm,
    RsvpForm,
    ScoresForm,
    SpeakerForm,
)
from .models import Attendance, Certificate, Event, IssuedDocument, Material, Minutes, Registration, Speaker

ICAL_SALT = "trainings.ical"


def _event(request, pk: int, action: str = "event.view") -> Event:
    event = get_object_or_404(Event.objects.select_related("forum__district"), pk=pk)
    policy.require(request.actor, action, event)
    if event.status == Event.Status.DRAFT and action == "event.view":
        policy.require(request.actor, "event.manage", event)
    return event


def _minutes(request, pk: int, action: str) -> Minutes:
    minutes = get_object_or_404(Minutes.objects.select_related("event__forum__district", "chair", "notulis"), pk=pk)
    if action == "view":
        action = "minutes.view_final" if minutes.is_final else "minutes.view_draft"
    policy.require(request.actor, action, minutes)
    return minutes


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _forum_people(forum):
    """Members who can be chair, notulis, speaker or owner of a follow-up: the serving
    secretaries, the board, the camat office and the pendamping of the forum's villages."""
    from django.db.models import Q

    from members.models import User

    today = timezone.localdate()
    return User.objects.filter(
        Q(tenures__village__district_id=forum.district_id, tenures__ended_on__isnull=True)
        | Q(board_positions__forum=forum, board_positions__period_end__gte=today)
        | Q(kecamatan_posts__district_id=forum.district_id, kecamatan_posts__ended_on__isnull=True)
        | Q(facilitator_assignments__village__district_id=forum.district_id,
            facilitator_assignments__ended_on__isnull=True),
        is_active=True,
    ).distinct().order_by("full_name")


# Lists and calendar -------------------------------------------------------------------------------

@forum_required
def event_list(request):
    forum = request.forum
    policy.require(request.actor, "event.view", forum)
    now = timezone.now()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    can_manage = policy.can(request.actor, "event.manage", forum)
    upcoming = selectors.events_between(forum=forum, start=now, end=now + datetime.timedelta(days=3650),
                                        user_id=request.user.pk, include_drafts=can_manage)
    tz = timezone.get_current_timezone()
    past = [e for e in selectors.events_between(
        forum=forum, start=datetime.datetime(year, 1, 1, tzinfo=tz), end=min(now, datetime.datetime(
            year + 1, 1, 1, tzinfo=tz)), user_id=request.user.pk, include_drafts=can_manage) if e.ends_at < now]
    context = {"upcoming": upcoming, "past": list(reversed(past)), "year": year, "can_manage": can_manage,
               "years": range(today.year, (forum.founded_on.year if forum.founded_on else today.year - 5) - 1, -1)}
    return render(request, "trainings/event_list.html", context)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


@forum_required
def calendar_view(request):
    forum = request.forum
    policy.require(request.actor, "event.view", forum)
    today = timezone.localdate()
    try:
        first = datetime.date.fromisoformat(f"{request.GET['bulan']}-01")
    except (KeyError, ValueError):
        first = today.replace(day=1)
    tz = timezone.get_current_timezone()
    grid_start = first - datetime.timedelta(days=first.weekday())
    last = _add_months(first, 1) - datetime.timedelta(days=1)
    grid_end = last + datetime.timedelta(days=6 - last.weekday())
    events = selectors.events_between(
        forum=forum, start=datetime.datetime.combine(grid_start, datetime.time.min, tzinfo=tz),
        end=datetime.datetime.combine(grid_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
        user_id=request.user.pk, include_drafts=policy.can(request.actor, "event.manage", forum))
    by_day: dict[datetime.date, list] = {}
    for e in events:
        day = timezone.localtime(e.starts_at).date()
        while day <= timezone.localtime(e.ends_at).date():
            by_day.setdefault(day, []).append(e)
            day += datetime.timedelta(days=1)
    weeks = []
    day = grid_start
    while day <= grid_end:
        weeks.append([(day + datetime.timedelta(days=i), by_day.get(day + datetime.timedelta(days=i), []))
                      for i in range(7)])
        day += datetime.timedelta(days=7)
    token = signing.Signer(salt=ICAL_SALT).sign(str(request.user.pk))
    context = {
        "first": first, "weeks": weeks, "today": today, "prev": _add_months(first, -1), "next": _add_months(first, 1),
        "month_events": [e for e in events if timezone.localtime(e.starts_at).date().month == first.month
                         or timezone.localtime(e.ends_at).date().month == first.month],
        "weekdays": [_("Sen"), _("Sel"), _("Rab"), _("Kam"), _("Jum"), _("Sab"), _("Min")],
        "ical_url": request.build_absolute_uri(reverse("trainings:ical", args=[token])),
    }
    return render(request, "trainings/calendar.html", context)


def ical(request, token: str):
    """iCalendar feed of the events of the user's forums; the signed token stands in for a login
    because calendar apps cannot sign in."""
    from members.models import User

    from .ical import calendar_for_user

    try:
        user_id = int(signing.Signer(salt=ICAL_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise Http404 from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    response = HttpResponse(calendar_for_user(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kegiatan-forum.ics"'
    return response


# Events -------------------------------------------------------------------------------------------

def _event_data(form) -> tuple[dict, dict]:
    data = dict(form.cleaned_data)
    relations = {"competencies": list(data.pop("competencies") or []),
                 "audience_villages": list(data.pop("audience_villages") or [])}
    for key in ("description", "venue", "map_url", "online_url", "agenda", "invitation_subject",
                "audience_competency"):
        data[key] = data.get(key) or ""
    return data, relations


@forum_required
def event_create(request):
    forum = request.forum
    policy.require(request.actor, "event.manage", forum)
    initial = {"kind": Event.Kind.PELATIHAN, "audience": Event.Audience.ALL}
    code = request.GET.get("competency", "").strip()[:20]
    form = EventForm(request.POST or None, forum=forum, initial=initial)
    if code:
        competency = form.fields["competencies"].queryset.filter(code=code).first()
        if competency is not None:
            initial.update(competencies=[competency.pk], title=_("Pelatihan %(name)s") % {"name": competency.name})
            if request.GET.get("audience") == Event.Audience.GAP:
                initial.update(audience=Event.Audience.GAP, audience_competency=code)
            form = EventForm(request.POST or None, forum=forum, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, relations = _event_data(form)
        try:
            event = services.event_create(forum=forum, created_by=request.user, **data, **relations)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan disimpan sebagai draf. Periksa lalu umumkan untuk mengundang peserta."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/event_form.html", {"form": form, "event": None})


@forum_required
def event_edit(request, pk: int):
    event = _event(request, pk, "event.manage")
    initial = {f: getattr(event, f) for f in services.EVENT_FIELDS}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    if event.registration_deadline:
        initial["registration_deadline"] = timezone.localtime(event.registration_deadline)
    initial["competencies"] = list(event.competencies.values_list("pk", flat=True))
    initial["audience_villages"] = list(event.audience_villages.values_list("pk", flat=True))
    form = EventForm(request.POST or None, forum=event.forum, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, relations = _event_data(form)
        try:
            services.event_update(event=event, **data, **relations)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Perubahan kegiatan disimpan."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/event_form.html", {"form": form, "event": event})


@forum_required
def event_detail(request, pk: int):
    event = _event(request, pk)
    actor = request.actor
    can_manage = policy.can(actor, "event.manage", event)
    page = selectors.event_page(event=event, user=request.user, with_people=policy.can(actor, "event.report", event))
    registration = page["registration"]
    context = {
        **page, "event": event, "can_manage": can_manage,
        "can_report": policy.can(actor, "event.report", event),
        "now": timezone.now(),
        "rsvp_form": RsvpForm(initial={"response": registration.response if registration else "hadir",
                                       "reason": registration.reason if registration else ""}),
        "speaker_form": SpeakerForm(users=_forum_people(event.forum)) if can_manage else None,
        "material_form": MaterialForm() if can_manage else None,
    }
    return render(request, "trainings/event_detail.html", context)


@require_POST
@forum_required
def event_publish(request, pk: int):
    event = _event(request, pk, "event.manage")
    try:
        count = services.event_publish(event=event, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Kegiatan diumumkan; undangan dikirim ke %(n)d orang.") % {"n": count})
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def event_cancel(request, pk: int):
    event = _event(request, pk, "event.manage")
    try:
        services.event_cancel(event=event, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Kegiatan dibatalkan."))
    return redirect("trainings:event_detail", pk=event.pk)


@forum_required
def invitation_pdf(request, pk: int):
    event = _event(request, pk)
    document = event.documents.filter(kind=IssuedDocument.Kind.UNDANGAN).order_by("-created_at").first()
    if document is None or not document.file:
        raise Http404
    return serve_file(document.file, content_type="application/pdf", original_name=f"undangan-{event.pk}.pdf")


@require_POST
@forum_required
def rsvp(request, pk: int):
    event = _event(request, pk, "event.rsvp")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih hadir, izin atau tidak hadir."))
        return redirect("trainings:event_detail", pk=event.pk)
    try:
        registration = services.rsvp_respond(event=event, person=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if registration.response == Registration.Response.WAITING:
            messages.warning(request, _("Kuota penuh. Anda masuk daftar tunggu dan akan diberi tahu bila ada tempat."))
        else:
            messages.success(request, _("Jawaban Anda tercatat: %(r)s.") % {"r": registration.get_response_display()})
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def speaker_add(request, pk: int):
    event = _event(request, pk, "event.manage")
    form = SpeakerForm(request.POST, users=_forum_people(event.forum))
    if form.is_valid():
        try:
            services.speaker_add(event=event, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Narasumber ditambahkan."))
    else:
        messages.error(request, _("Data narasumber tidak lengkap."))
    return redirect("trainings:event_detail", pk=event.pk)


@require_POST
@forum_required
def speaker_remove(request, pk: int):
    speaker = get_object_or_404(Speaker.objects.select_related("event"), pk=pk)
    policy.require(request.actor, "event.manage", speaker)
    services.speaker_remove(speaker=speaker)
    messages.success(request, _("Narasumber dihapus."))
    return redirect("trainings:event_detail", pk=speaker.event_id)


@require_POST
@forum_required
def material_upload(request, pk: int):
    event = _event(request, pk, "event.manage")
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(event=event, by=request.user, title=form.cleaned_data["title"],
                                  uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Materi diunggah."))
    else:
        messages.error(request, _("Isi judul dan pilih berkas materi."))
    return redirect("trainings:event_detail", pk=event.pk)


@forum_required
def material_download(request, pk: int):
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk)
    policy.require(request.actor, "material.download", material)
    if material.event.status == Event.Status.DRAFT:
        policy.require(request.actor, "event.manage", material)
    return serve_file(material.file, content_type=material.content_type,
                      original_name=material.original_name or material.title)


# Attendance ---------------------------------------------------------------------------------------

@forum_required
def attendance(request, pk: int):
    event = _event(request, pk, "event.manage")
    if request.method == "POST":
        form = MarkForm(request.POST)
        if form.is_valid():
            try:
                services.attendance_mark(event=event, person_id=form.cleaned_data["person"], by=request.user,
                                         status=form.cleaned_data["status"], note=form.cleaned_data["note"])
            except ValidationError as exc:
                _error(request, exc)
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
    event = _event(request, pk, "event.manage")
    try:
        n = services.attendance_fill_absent(event=event, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(n)d peserta tanpa catatan ditandai izin/alpa.") % {"n": n})
    return redirect("trainings:attendance", pk=event.pk)


@require_POST
@forum_required
def scores(request, pk: int):
    event = _event(request, pk, "event.manage")
    form = ScoresForm(request.POST)
    if form.is_valid():
        row = get_object_or_404(Attendance, pk=form.cleaned_data["attendance"], event=event)
        try:
            services.attendance_scores(attendance=row, pre_score=form.cleaned_data["pre_score"],
                                       post_score=form.cleaned_data["post_score"])
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Nilai %(name)s disimpan.") % {"name": row.person.full_name})
    return redirect("trainings:attendance", pk=event.pk)


def _checkin_context(request, event: Event) -> dict:
    from fokuss.pdf import qr_svg_data_uri

    url = request.build_absolute_uri(reverse("trainings:checkin", args=[event.pk, event.checkin_code]))
    return {"event": event, "checkin_url": url, "qr": qr_svg_data_uri(text=url, size_mm=60),
            "expires_at": event.checkin_expires_at}


@forum_required
def checkin_display(request, pk: int):
    """The organiser's screen: a QR code that rotates every few minutes."""
    event = _event(request, pk, "event.manage")
    try:
        event = services.checkin_code_current(event=event)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("trainings:attendance", pk=event.pk)
    present = event.attendances.filter(status=Attendance.Status.HADIR).count()
    return render(request, "trainings/checkin_display.html", {**_checkin_context(request, event), "present": present})


@require_POST
@forum_required
def checkin_code(request, pk: int):
    """htmx: the current code (rotated when it is about to expire) and the number present."""
    event = _event(request, pk, "event.manage")
    try:
        event = services.checkin_code_current(event=event)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    present = event.attendances.filter(status=Attendance.Status.HADIR).count()
    return render(request, "trainings/_checkin_code.html", {**_checkin_context(request, event), "present": present})


@forum_required
def checkin(request, pk: int, code: str):
    """What a participant's phone opens after scanning: confirm, then recorded."""
    event = _event(request, pk, "event.checkin")
    done = None
    if request.method == "POST":
        try:
            done = services.checkin_scan(event=event, person=request.user, code=code)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Kehadiran Anda tercatat pukul %(t)s WIB.")
                             % {"t": timezone.localtime(done.arrived_at).strftime("%H.%M")})
            return redirect("trainings:event_detail", pk=event.pk)
    valid = bool(code) and code == event.checkin_code and event.checkin_expires_at and \
        event.checkin_expires_at > timezone.now()
    return render(request, "trainings/checkin.html", {"event": event, "code": code, "valid": valid})


@forum_required
def attendance_report(request):
    forum = request.forum
    policy.require(request.actor, "event.report", forum)
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("dari", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("sampai", ""))
    except ValueError:
        end = today
    if end < start:
        messages.error(request, _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        start, end = end, start
    people, villages, events = selectors.attendance_rates(forum=forum, start=start, end=end)
    return render(request, "trainings/attendance_report.html",
                  {"people": people, "villages": villages, "events": events, "start": start, "end": end})


# Minutes ------------------------------------------------------------------------------------------

@require_POST
@forum_required
def minutes_start(request, pk: int):
    event = _event(request, pk, "event.manage")
    current = event.minutes.order_by("-revision").first()
    if current is not None:
        return redirect("trainings:minutes_edit" if not current.is_final else "trainings:minutes_detail", pk=current.pk)
    try:
        minutes = services.minutes_start(event=event, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("trainings:event_detail", pk=event.pk)
    return redirect("trainings:minutes_edit", pk=minutes.pk)


@forum_required
def minutes_detail(request, pk: int):
    minutes = _minutes(request, pk, "view")
    page = selectors.minutes_page(minutes=minutes)
    return render(request, "trainings/minutes_detail.html", {
        **page, "minutes": minutes, "event": minutes.event,
        "can_edit": not minutes.is_final and policy.can(request.actor, "minutes.edit", minutes),
        "can_correct": minutes.is_final and page["latest"].pk == minutes.pk
        and policy.can(request.actor, "minutes.correct", minutes),
        "correction_form": CorrectionForm()})


def _minutes_items(items_fs, follow_fs) -> list[dict]:
    items = [dict(f.cleaned_data, follow_ups=[]) for f in items_fs.forms if f.cleaned_data]
    for f in follow_fs.forms:
        data = f.cleaned_data
        if not data or not (data.get("what") or "").strip():
            continue
        index = (data.get("item") or 1) - 1
        if not 0 <= index < len(items):
            raise ValidationError(_("Tindak lanjut \"%(what)s\" merujuk mata acara nomor %(n)s yang tidak ada.")
                                  % {"what": data["what"], "n": data.get("item")})
        items[index]["follow_ups"].append({"what": data["what"], "owner": data.get("owner"),
                                           "due_on": data.get("due_on")})
    return items


@forum_required
def minutes_edit(request, pk: int):
    minutes = _minutes(request, pk, "minutes.edit")
    if minutes.is_final:
        messages.error(request, _("Notulen ini sudah final dan tidak dapat diubah. Buat koreksi (revisi baru)."))
        return redirect("trainings:minutes_detail", pk=minutes.pk)
    users = _forum_people(minutes.event.forum)
    items = list(minutes.items.prefetch_related("follow_ups__owner"))
    if request.method == "POST":
        head = MinutesHeadForm(request.POST, users=users)
        items_fs = AgendaItemFormSet(request.POST, prefix="item")
        follow_fs = FollowUpFormSet(request.POST, prefix="tl", form_kwargs={"users": users})
        if head.is_valid() and items_fs.is_valid() and follow_fs.is_valid():
            try:
                services.minutes_save(minutes=minutes, by=request.user, items=_minutes_items(items_fs, follow_fs),
                                      **head.cleaned_data)
            except ValidationError as exc:
                add_service_errors(head, exc)
            else:
                if request.POST.get("finalise"):
                    return minutes_finalise(request, pk)
                messages.success(request, _("Draf notulen disimpan."))
                return redirect("trainings:minutes_edit", pk=minutes.pk)
    else:
        head = MinutesHeadForm(users=users, initial={"chair": minutes.chair_id, "notulis": minutes.notulis_id,
                                                     "opening": minutes.opening, "closing": minutes.closing})
        items_fs = AgendaItemFormSet(prefix="item", initial=[
            {"title": i.title, "discussion": i.discussion, "decision": i.decision} for i in items])
        follow_fs = FollowUpFormSet(prefix="tl", form_kwargs={"users": users}, initial=[
            {"item": n, "what": f.what, "owner": f.owner_id, "due_on": f.due_on}
            for n, i in enumerate(items, start=1) for f in i.follow_ups.all()])
    return render(request, "trainings/minutes_form.html", {
        "minutes": minutes, "event": minutes.event, "head": head, "items_fs": items_fs, "follow_fs": follow_fs})


@require_POST
@forum_required
def minutes_finalise(request, pk: int):
    minutes = _minutes(request, pk, "minutes.edit")
    try:
        services.minutes_finalise(minutes=minutes, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("trainings:minutes_edit" if not minutes.is_final else "trainings:minutes_detail",
                        pk=minutes.pk)
    messages.success(request, _("Notulen difinalkan. Tindak lanjut masuk ke halaman Tugas saya penanggung jawabnya."))
    return redirect("trainings:minutes_detail", pk=minutes.pk)


@require_POST
@forum_required
def minutes_correct(request, pk: int):
    minutes = _minutes(request, pk, "minutes.correct")
    form = CorrectionForm(request.POST)
    try:
        new = services.minutes_correct(minutes=minutes, by=request.user,
                                       note=form.data.get("correction_note", "")[:300])
    except ValidationError as exc:
        _error(request, exc)
        return redirect("trainings:minutes_detail", pk=minutes.pk)
    messages.success(request, _("Revisi %(n)d dibuat sebagai draf.") % {"n": new.revision})
    return redirect("trainings:minutes_edit", pk=new.pk)


@forum_required
def minutes_pdf(request, pk: int):
    minutes = _minutes(request, pk, "view")
    if minutes.is_final:
        document = IssuedDocument.objects.filter(minutes=minutes).first()
        if document is None:
            raise Http404
        document = services.document_ensure_file(document=document)
        return serve_file(document.file, content_type="application/pdf",
                          original_name=f"notulen-{minutes.event_id}-rev{minutes.revision}.pdf")
    from fokuss.pdf import pdf_response, render_pdf

    data = render_pdf(template_name="pdf/trainings/notulen.html", context=selectors.minutes_context(minutes=minutes))
    return pdf_response(data, filename=f"draf-notulen-{minutes.event_id}.pdf")


# Certificates and feedback ------------------------------------------------------------------------

@forum_required
def certificates(request, pk: int):
    event = _event(request, pk, "event.manage")
    if request.method == "POST":
        try:
            services.certificate_run_start(event=event, by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Pembuatan sertifikat dimulai."))
        return redirect("trainings:certificates", pk=event.pk)
    return render(request, "trainings/certificates.html", {
        "event": event, **selectors.certificates_page(event=event), "now": timezone.now()})


@forum_required
def certificates_progress(request, pk: int):
    event = _event(request, pk, "event.manage")
    run = event.certificate_runs.order_by("-created_at").first()
    return render(request, "trainings/_certificate_progress.html", {"event": event, "run": run})


@forum_required
def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("event", "document"), pk=pk)
    policy.require(request.actor, "certificate.view", certificate)
    document = services.document_ensure_file(document=certificate.document)
    return serve_file(document.file, content_type="application/pdf", original_name=f"sertifikat-{certificate.pk}.pdf")


@forum_required
def feedback(request, pk: int):
    event = _event(request, pk, "feedback.submit")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(event=event, person=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih atas umpan baliknya."))
            return redirect("trainings:event_detail", pk=event.pk)
    return render(request, "trainings/feedback.html", {"event": event, "form": form})


# Public verification ------------------------------------------------------------------------------

def verify(request, code: str):
    """Public (no login): confirms an issued document's number, date and SHA-256, nothing personal."""
    document = IssuedDocument.objects.select_related("forum").filter(code=code).first()
    return render(request, "trainings/verify.html", {"document": document, "code": code},
                  status=200 if document else 404)
