"""Uploads: size limit, type checked by content (not by the name), stored under MEDIA_ROOT
(outside static) and served only by views that checked access first."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# kind -> MIME types accepted for that kind, detected from the file's first bytes
KINDS = {
    "pdf": {"application/pdf"},
    "image": {"image/jpeg", "image/png", "image/webp"},
    "office": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",  # some OOXML files are only recognised as zip
    },
}
KIND_LABELS = {"pdf": "PDF", "image": "JPG/PNG", "office": "Word/Excel/PowerPoint"}


def validate_upload(uploaded, *, kinds: tuple[str, ...] = ("pdf", "image"), max_bytes: int | None = None) -> str:
    """Return the detected MIME type or raise ValidationError (in the user's language)."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if uploaded is None or uploaded.size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else None
    allowed = set().union(*(KINDS[k] for k in kinds))
    if mime not in allowed:
        labels = ", ".join(KIND_LABELS[k] for k in kinds)
        raise ValidationError(
            _("Jenis berkas tidak diterima (isi berkas bukan %(labels)s).") % {"labels": labels}, code="bad_type"
        )
    return mime


def serve_file(field_file, *, download_name: str | None = None, inline: bool = True) -> FileResponse:
    """Stream a stored file. Call only after the policy check."""
    name = download_name or PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
