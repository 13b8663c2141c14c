"""Issued documents: what the invitation letter, minutes and certificate PDFs show, the public
verification link and QR code, and finding a stored document."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from fokuss.pdf import qr_svg_data_uri
from fokuss.terbilang import tanggal, tanggal_panjang, tanggal_terbilang
from members.selectors import board_signatory, forum_letterhead

from ..models import Attendance, Event, FollowUp, IssuedDocument, Minutes
from .people import local_date, people_context


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("trainings:verify", args=[code])


def verification(document) -> dict[str, str]:
    """The QR code and the public verification link printed on an issued document; both empty for
    a draft (no document yet)."""
    if document is None:
        return {"qr": "", "verify_url": ""}
    url = verify_url(document.code)
    return {"qr": qr_svg_data_uri(text=url), "verify_url": url}


def _signatories(*, forum, day) -> dict:
    """The ketua and the sekretaris of the forum in office on the day (two queries)."""
    return {position: board_signatory(forum=forum, position=position, today=day)
            for position in ("ketua", "sekretaris")}


def invitation_context(*, event: Event, document) -> dict:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    invitees = []
    if event.audience != Event.Audience.ALL:
        registrations = list(event.registrations.select_related("person").order_by("person__full_name"))
        context = people_context(forum=event.forum, person_ids=[r.person_id for r in registrations],
                                 day=document.issued_on)
        invitees = [(r.person.full_name, context[r.person_id][1]) for r in registrations]
    days_ahead = (start.date() - document.issued_on).days
    return {
        **forum_letterhead(forum=event.forum), **verification(document), "event": event, "document": document,
        "invitees": invitees,
        # Sifat: "Segera" when the meeting is less than a week away, as a letter then needs quick handling.
        "sifat": "Segera" if days_ahead < 7 else "Biasa",
        "lampiran": "1 (satu) lembar" if invitees else "-",
        "tembusan": [f"Yth. Camat {event.forum.district.name} (sebagai laporan)", "Arsip"],
        "agenda_text": event.description.strip(),
        "tanggal_surat": tanggal(document.issued_on),
        "hari_tanggal": tanggal_panjang(start.date()) + (
            f" s.d. {tanggal_panjang(end.date())}" if end.date() != start.date() else ""),
        "waktu": f"{start:%H.%M} – {end:%H.%M} WIB",
        "hal": event.invitation_subject or f"Undangan {event.get_kind_display()}",
        "speakers": list(event.speakers.select_related("user")),
        **_signatories(forum=event.forum, day=document.issued_on),
    }


def minutes_context(*, minutes, document=None) -> dict:
    """Everything the notulen PDF shows; a draft (no document) renders with a DRAF mark and no QR.
    A fixed number of queries whatever the number of agenda items or participants."""
    event = minutes.event
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    items = list(minutes.items.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner"))))
    attendance = list(event.attendances.select_related("person", "village").order_by("village__name",
                                                                                      "person__full_name"))
    present = [a for a in attendance if a.status == Attendance.Status.HADIR]
    issued_on = document.issued_on if document else timezone.localdate()
    return {
        **forum_letterhead(forum=event.forum), **verification(document), "minutes": minutes, "event": event,
        "document": document,
        "pembuka": tanggal_terbilang(start.date()),
        "waktu": f"{start:%H.%M} – {end:%H.%M} WIB",
        "items": items,
        "follow_ups": [(item, f) for item in items for f in item.follow_ups.all()],
        "attendance": attendance, "present_count": len(present),
        "excused_count": sum(1 for a in attendance if a.status in Attendance.EXCUSED),
        "tanggal_surat": tanggal(issued_on),
        "chair": minutes.chair, "notulis": minutes.notulis,
    }


def certificate_context(*, certificate, attendance) -> dict:
    event = certificate.event
    start, end = local_date(event.starts_at), local_date(event.ends_at)
    period = tanggal(start) if start == end else f"{tanggal(start)} s.d. {tanggal(end)}"
    hours = event.hours
    return {
        **forum_letterhead(forum=event.forum), "certificate": certificate, "event": event, "person": attendance.person,
        "village": attendance.village, "position": attendance.position_label, "period": period,
        "hours": (int(hours) if hours is not None and hours == int(hours) else hours),
        "competencies": list(event.competencies.all()),
        "tanggal_surat": tanggal(certificate.document.issued_on),
        **verification(certificate.document), **_signatories(forum=event.forum, day=certificate.document.issued_on),
    }


def invitation_document(*, event: Event) -> IssuedDocument | None:
    """The latest invitation letter of the event, when it was issued and stored."""
    document = event.documents.filter(kind=IssuedDocument.Kind.UNDANGAN).order_by("-created_at").first()
    return document if document is not None and document.file else None


def minutes_document(*, minutes: Minutes) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(minutes=minutes).first()


def document_by_code(*, code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.select_related("forum").filter(code=code).first()
