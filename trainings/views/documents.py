"""Issued documents: the invitation letter of an event and the public verification page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from fokuss.decorators import forum_required
from fokuss.uploads import serve_file

from .. import selectors


@forum_required
def invitation_pdf(request, pk: int):
    event = selectors.event_for(request.actor, pk)
    document = selectors.invitation_document(event=event)
    if document is None:
        raise Http404
    return serve_file(document.file, content_type="application/pdf", original_name=f"undangan-{event.pk}.pdf")


def verify(request, code: str):
    """Public (no login): confirms an issued document's number, date and SHA-256, nothing personal."""
    document = selectors.document_by_code(code=code)
    return render(request, "trainings/verify.html", {"document": document, "code": code},
                  status=200 if document else 404)
