"""Minutes (notulen): start a draft, read, edit, finalise, correct (a new revision), PDF; the
archive of final minutes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss import exports, params, policy
from fokuss.decorators import forum_required
from fokuss.forms import add_service_errors
from fokuss.pdf import pdf_response
from fokuss.uploads import serve_file
from members.selectors import audit_timeline, forum_people

from .. import selectors, services
from ..exports import minutes_archive_table
from ..forms import AgendaItemFormSet, CorrectionForm, FollowUpFormSet, MinutesHeadForm, agenda_item_choices
from ..models import Event

ARCHIVE_PER_PAGE = 20


@require_POST
@forum_required
def minutes_start(request, pk: int):
    event = selectors.event_for(request.actor, pk, "event.manage")
    current = selectors.latest_minutes(event=event)
    if current is not None:
        return redirect("trainings:minutes_edit" if not current.is_final else "trainings:minutes_detail", pk=current.pk)
    try:
        minutes = services.minutes_start(event=event, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("trainings:event_detail", pk=event.pk)
    return redirect("trainings:minutes_edit", pk=minutes.pk)


@forum_required
def minutes_detail(request, pk: int):
    minutes = selectors.minutes_for(request.actor, pk)
    return render(request, "trainings/minutes_detail.html", {
        **selectors.minutes_page(minutes=minutes), "minutes": minutes, "event": minutes.event,
        "correction_form": CorrectionForm(), "audit": audit_timeline(minutes.event)})


def _minutes_items(items_fs, follow_fs) -> list[dict]:
    """The agenda items of the formsets (blank ones kept, so the numbers the follow-ups chose
    stay right; the service drops them), each with its follow-ups."""
    items = [dict(f.cleaned_data or {}, follow_ups=[]) for f in items_fs.forms]
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
    minutes = selectors.minutes_for(request.actor, pk, "minutes.edit")
    if minutes.is_final:
        messages.error(request, _("Notulen ini sudah final dan tidak dapat diubah. Buat koreksi (revisi baru)."))
        return redirect("trainings:minutes_detail", pk=minutes.pk)
    # read once for the head form and every follow-up row
    users = list(forum_people(forum=minutes.event.forum, day=timezone.localdate()))
    added = ""
    if request.method == "POST":
        data = request.POST
        # "Tambah mata acara" / "Tambah tindak lanjut": one more empty row, nothing saved yet (htmx
        # swaps the form in place; without JavaScript the page comes back with the row)
        for prefix, formset in (("item", AgendaItemFormSet), ("tl", FollowUpFormSet)):
            if data.get(f"add_{prefix}"):
                data = _with_extra_row(data, prefix, formset.max_num)
                added = prefix
        head = MinutesHeadForm(data, users=users)
        items_fs = AgendaItemFormSet(data, prefix="item")
        follow_fs = FollowUpFormSet(data, prefix="tl",
                                    form_kwargs={"users": users, "items": agenda_item_choices(items_fs)})
        if added:  # the new row takes the focus when htmx swaps the form in
            new_row = (items_fs if added == "item" else follow_fs).forms[-1:]
            for form in new_row:
                form.fields["title" if added == "item" else "what"].widget.attrs["autofocus"] = True
        elif head.is_valid() and items_fs.is_valid() and follow_fs.is_valid():
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
        initial = selectors.minutes_form_initial(minutes=minutes)
        head = MinutesHeadForm(users=users, initial=initial["head"])
        items_fs = AgendaItemFormSet(prefix="item", initial=initial["items"])
        follow_fs = FollowUpFormSet(prefix="tl", initial=initial["follow_ups"],
                                    form_kwargs={"users": users, "items": agenda_item_choices(items_fs)})
    return render(request, "trainings/minutes_form.html", {
        "minutes": minutes, "event": minutes.event, "head": head, "items_fs": items_fs, "follow_fs": follow_fs,
        "added": added})


def _with_extra_row(data, prefix: str, max_num: int):
    """The posted data with one more (empty) form in the formset ``prefix``."""
    data = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, 0) + 1, max_num))
    return data


@require_POST
@forum_required
def minutes_finalise(request, pk: int):
    minutes = selectors.minutes_for(request.actor, pk, "minutes.edit")
    try:
        services.minutes_finalise(minutes=minutes, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("trainings:minutes_edit" if not minutes.is_final else "trainings:minutes_detail",
                        pk=minutes.pk)
    messages.success(request, _("Notulen difinalkan. Tindak lanjut masuk ke halaman Tugas saya penanggung jawabnya."))
    return redirect("trainings:minutes_detail", pk=minutes.pk)


@require_POST
@forum_required
def minutes_correct(request, pk: int):
    minutes = selectors.minutes_for(request.actor, pk, "minutes.correct")
    form = CorrectionForm(request.POST)
    try:
        new = services.minutes_correct(minutes=minutes, by=request.user,
                                       note=form.data.get("correction_note", "")[:300])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("trainings:minutes_detail", pk=minutes.pk)
    messages.success(request, _("Revisi %(n)d dibuat sebagai draf.") % {"n": new.revision})
    return redirect("trainings:minutes_edit", pk=new.pk)


@forum_required
def minutes_pdf(request, pk: int):
    minutes = selectors.minutes_for(request.actor, pk)
    pdf = services.minutes_pdf(minutes=minutes)
    if pdf is None:
        raise Http404
    if pdf.stored:
        return serve_file(pdf.stored, content_type="application/pdf", original_name=pdf.filename)
    return pdf_response(pdf.data, filename=pdf.filename)


def _archive_filters(request, *, today) -> tuple[int | None, str, str]:
    """Year, kind and search text of the archive's query string. A value that cannot be used is
    dropped with a message on the page (never an error): a year outside 2000 to five years from
    now or not a number, an unknown kind, a search text longer than SEARCH_MAX (cut)."""
    year = params.year_param(request, "tahun", default=0, today=today) or None
    kind = request.GET.get("jenis", "").strip()
    if kind and kind not in Event.Kind.values:
        messages.warning(request, _("Jenis kegiatan \"%(value)s\" tidak dikenal: ditampilkan semua jenis.")
                         % {"value": kind[:40]})
        kind = ""
    search = request.GET.get("q", "").replace("\x00", "").strip()
    if len(search) > selectors.SEARCH_MAX:
        messages.warning(request, _("Kata pencarian terlalu panjang: dipakai %(n)d huruf pertama.")
                         % {"n": selectors.SEARCH_MAX})
        search = search[:selectors.SEARCH_MAX].strip()
    return year, kind, search


def _archive_label(*, year: int | None, kind: str, search: str) -> str:
    parts = [_("Tahun %(year)s") % {"year": year} if year else _("Semua tahun")]
    if kind:
        parts.append(_("Jenis: %(kind)s") % {"kind": Event.Kind(kind).label})
    if search:
        parts.append(_("Pencarian: %(q)s") % {"q": search})
    return " · ".join(str(p) for p in parts)


@forum_required
def minutes_archive(request):
    """Final minutes of the forum (the revision in force), filtered by year, kind and text, each
    with its PDF; paginated; CSV / XLSX of every matching row."""
    forum = request.forum
    policy.require(request.actor, "minutes.archive", forum)
    today = timezone.localdate()
    year, kind, search = _archive_filters(request, today=today)
    minutes = selectors.minutes_archive(forum=forum, year=year, kind=kind, search=search)
    label = _archive_label(year=year, kind=kind, search=search)
    export = exports.export_if_asked(
        request, table=lambda: minutes_archive_table(
            minutes, pdf_url=lambda m: request.build_absolute_uri(reverse("trainings:minutes_pdf", args=[m.pk]))),
        filename=f"arsip-notulen-{year or 'semua'}", forum=forum, filter_label=label)
    if export:
        return export
    kept = {k: v for k, v in (("tahun", year or ""), ("jenis", kind), ("q", search)) if v}
    page = Paginator(minutes, ARCHIVE_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "trainings/minutes_archive.html", {
        "page": page, "rows": [(m, selectors.minutes_document_of(m)) for m in page],
        "year": year, "kind": kind, "search": search, "filter_label": label,
        "years": selectors.archive_years(forum=forum, today=today), "kinds": Event.Kind.choices,
        "extra": urlencode(kept), "filtered": bool(kept)})
