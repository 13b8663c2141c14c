"""Official documents of the forum: numbering, the invitation letter (undangan), the minutes PDF
(notulen) and the certificate PDF, stored once with their SHA-256 and verification code."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from fokuss.pdf import render_pdf
from members.models import Forum

from .. import selectors
from ..models import Attendance, Certificate, Event, IssuedDocument, Minutes

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DOC_CODES: dict[str, str] = {IssuedDocument.Kind.UNDANGAN: "UND", IssuedDocument.Kind.NOTULEN: "NOT",
                             IssuedDocument.Kind.SERTIFIKAT: "SERT", IssuedDocument.Kind.LAPORAN: "LAP"}


def document_number(*, forum, kind: str, day: datetime.date) -> str:
    """NNN/UND/FOKUSS/III/2026: running number per forum, kind and year. A corrected minutes
    keeps its original number with "/Rev.N" and takes no number of its own. Call inside a
    transaction: the forum row is locked to serialise numbering."""
    Forum.objects.select_for_update().filter(pk=forum.pk).first()
    count = (IssuedDocument.objects.filter(forum=forum, kind=kind, issued_on__year=day.year)
             .exclude(minutes__supersedes__isnull=False).count())
    return f"{count + 1:03d}/{DOC_CODES[kind]}/{forum.short_name}/{ROMAN[day.month - 1]}/{day.year}"


def new_code() -> str:
    """A verification code (printed as a QR code on the document)."""
    return secrets.token_urlsafe(12)


def _store_pdf(document: IssuedDocument, pdf: bytes, filename: str) -> IssuedDocument:
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.file.save(filename, ContentFile(pdf), save=False)
    document.save()
    return document


def forum_document_issue(*, forum: Forum, kind: str, day: datetime.date,
                         render: Callable[[IssuedDocument], bytes], filename: str) -> IssuedDocument:
    """Number, render and store once an official document of the forum as a whole (not of one
    event), e.g. the capacity report: the same numbering, SHA-256 and public verification code
    as invitations, minutes and certificates. ``render`` gets the numbered document (for the
    number and the QR code) and returns the PDF bytes."""
    with transaction.atomic():
        document = IssuedDocument.objects.create(forum=forum, event=None, kind=kind, issued_on=day, code=new_code(),
                                                 number=document_number(forum=forum, kind=kind, day=day))
        return _store_pdf(document, render(document), filename)


def _render_invitation(document: IssuedDocument, event: Event) -> IssuedDocument:
    pdf = render_pdf(template_name="pdf/trainings/undangan.html",
                     context=selectors.invitation_context(event=event, document=document))
    return _store_pdf(document, pdf, f"undangan-{event.pk}.pdf")


def _render_minutes(document: IssuedDocument, minutes: Minutes) -> IssuedDocument:
    pdf = render_pdf(template_name="pdf/trainings/notulen.html",
                     context=selectors.minutes_context(minutes=minutes, document=document))
    return _store_pdf(document, pdf, f"notulen-{minutes.event_id}-rev{minutes.revision}.pdf")


def invitation_letter_issue(*, event: Event, day: datetime.date) -> IssuedDocument:
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            forum=event.forum, event=event, kind=IssuedDocument.Kind.UNDANGAN, issued_on=day, code=new_code(),
            number=document_number(forum=event.forum, kind=IssuedDocument.Kind.UNDANGAN, day=day))
        return _render_invitation(document, event)


def minutes_document_issue(*, minutes: Minutes, day: datetime.date, render: bool = True) -> IssuedDocument:
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            forum=minutes.event.forum, event=minutes.event, kind=IssuedDocument.Kind.NOTULEN, issued_on=day,
            code=new_code(), number=minutes.number, minutes=minutes)
        return _render_minutes(document, minutes) if render else document


def certificate_render(*, certificate: Certificate) -> IssuedDocument:
    attendance = Attendance.objects.select_related("person", "village").get(event_id=certificate.event_id,
                                                                            person_id=certificate.person_id)
    pdf = render_pdf(template_name="pdf/trainings/sertifikat.html",
                     context=selectors.certificate_context(certificate=certificate, attendance=attendance))
    with transaction.atomic():
        return _store_pdf(certificate.document, pdf, f"sertifikat-{certificate.event_id}-{certificate.person_id}.pdf")


def document_ensure_file(*, document: IssuedDocument) -> IssuedDocument:
    """Official PDFs are stored once; one that was never rendered (imported history) is rendered
    and stored on first use, with its SHA-256."""
    if document.file:
        return document
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if document.file:
            return document
        if document.kind == IssuedDocument.Kind.SERTIFIKAT:
            return certificate_render(certificate=document.certificate)
        if document.kind == IssuedDocument.Kind.NOTULEN:
            if document.minutes is None:
                raise ValueError(f"minutes document {document.pk} has no minutes")
            return _render_minutes(document, document.minutes)
        if document.event is None:
            raise ValueError(f"invitation document {document.pk} has no event")
        return _render_invitation(document, document.event)


@dataclass(frozen=True)
class Pdf:
    """A PDF to send: an issued document's stored file, or bytes rendered on request (a draft)."""

    filename: str
    stored: FieldFile | None = None
    data: bytes = b""


def minutes_pdf(*, minutes: Minutes) -> Pdf | None:
    """The PDF of minutes: final minutes from the stored official document (rendered and stored
    on first use), a draft rendered on request with a DRAF mark and no number. None when final
    minutes have no document."""
    if not minutes.is_final:
        data = render_pdf(template_name="pdf/trainings/notulen.html",
                          context=selectors.minutes_context(minutes=minutes))
        return Pdf(filename=f"draf-notulen-{minutes.event_id}.pdf", data=data)
    document = selectors.minutes_document(minutes=minutes)
    if document is None:
        return None
    document = document_ensure_file(document=document)
    return Pdf(filename=f"notulen-{minutes.event_id}-rev{minutes.revision}.pdf", stored=document.file)
