"""Uploads: size limit, type checked by content (never by the client's file name), stored under
MEDIA_ROOT (outside static) under a generated name, and served only by views that checked access
first, with the stored detected type and headers that keep a file from ever running as a page.

Flow in a service::

    checked = check_upload(uploaded, kinds=("pdf", "image"))       # raises ValidationError
    with transaction.atomic():
        row = Model(...)
        checked.attach(row, "file")   # sets row.content_type / row.original_name, stores the bytes
        row.save()

and in a view, after the policy check: ``return serve_file(row.file, content_type=row.content_type,
original_name=row.original_name)``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OCTET = "application/octet-stream"

# kind -> MIME types accepted for that kind, detected from the file's content
KINDS = {
    "pdf": {PDF},
    "image": {"image/jpeg", "image/png", "image/webp"},
    "office": {DOCX, XLSX, PPTX},
}
KIND_LABELS = {"pdf": "PDF", "image": "JPG/PNG/WebP", "office": "Word/Excel/PowerPoint"}
# the stored extension follows the detected type, never the client's file name
EXTENSIONS = {PDF: "pdf", "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
              DOCX: "docx", XLSX: "xlsx", PPTX: "pptx"}
ALLOWED = set(EXTENSIONS)
# only these may be shown in the browser; everything else is a download
INLINE_TYPES = {PDF, "image/jpeg", "image/png", "image/webp"}
# the part of a file searched for markup a browser could run (a polyglot PDF/image + HTML)
HTML_SCAN_BYTES = 1024 * 1024
HTML_MARKERS = (b"<script", b"<html", b"<!doctype html", b"<svg", b"<iframe", b"<body", b"<object",
                b"<embed", b"javascript:")
PIL_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# the member that tells the OOXML kind apart (filetype sometimes only sees "zip")
OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))

SERVE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
}

_UNSAFE_NAME_CHARS = re.compile(r'["\'`\\/<>:|?*;\x00-\x1f\x7f]')


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content passed the checks; ``attach`` stores it on a model row."""

    uploaded: object
    content_type: str
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    def attach(self, instance, field_name: str, *, type_field: str = "content_type",
               name_field: str = "original_name") -> None:
        """Record the detected type and the display name on ``instance`` and store the bytes under
        the generated name (the field's ``upload_to`` is an :class:`UploadPath`). Does not save
        the row itself."""
        setattr(instance, type_field, self.content_type)
        setattr(instance, name_field, self.original_name)
        self.uploaded.seek(0)
        getattr(instance, field_name).save(f"upload.{self.extension}", self.uploaded, save=False)


@deconstructible
class UploadPath:
    """``upload_to`` for every upload field: ``<prefix>/<yyyy>/<uuid4 hex>.<ext>``, the extension
    taken from the detected type already recorded on the row (``type_field``), so the client's
    file name never reaches the storage."""

    def __init__(self, prefix: str, type_field: str = "content_type"):
        self.prefix = prefix.strip("/")
        self.type_field = type_field

    def __call__(self, instance, filename: str) -> str:
        ext = EXTENSIONS.get(getattr(instance, self.type_field, "") or "", "bin")
        return f"{self.prefix}/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadPath) and (self.prefix, self.type_field) == (other.prefix, other.type_field)

    def __hash__(self) -> int:
        return hash((self.prefix, self.type_field))


def clean_name(name: str, *, max_length: int = 200) -> str:
    """The client's file name as harmless display text: no folders, quotes or control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = PureWindowsPath(PurePath(name).name).name  # drop "a/b/" and "C:\\x\\"
    name = _UNSAFE_NAME_CHARS.sub("", name).strip(" .")
    name = re.sub(r"\s+", " ", name)
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: max_length - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:max_length]
    return name


def download_name(original_name: str, content_type: str, *, fallback: str = "berkas") -> str:
    """The name offered to the browser: the cleaned original name with the detected extension."""
    ext = EXTENSIONS.get(content_type, "bin")
    name = clean_name(original_name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .") or fallback
    return f"{stem}.{ext}"


def _bad_type(kinds) -> ValidationError:
    labels = ", ".join(KIND_LABELS[k] for k in kinds)
    return ValidationError(_("Jenis berkas tidak diterima (isi berkas bukan %(labels)s).") % {"labels": labels},
                           code="bad_type")


def _has_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in HTML_MARKERS)


def _ooxml_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, mime in OOXML_PARTS:
        if part in names:
            return mime
    return None


def detect_type(data: bytes) -> str | None:
    """The MIME type of the content, one of ALLOWED, or None. Magic bytes only (no parsing)."""
    guess = filetype.guess(data[:8192])
    mime = guess.mime if guess else None
    if mime in ALLOWED:
        return mime
    if mime == "application/zip" or data[:4] == b"PK\x03\x04":
        return _ooxml_type(data)
    return None


def _pdf_parses(data: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return True  # cannot read the pages without a password; the structure parsed
        return len(reader.pages) >= 1
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        return False


def _image_parses(data: bytes, mime: str) -> bool:
    try:
        from PIL import Image
    except ImportError:  # Pillow is optional: magic bytes + the markup check are then enough
        return True
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            im.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        return False
    return PIL_FORMATS.get(fmt) == mime


def check_upload(uploaded, *, kinds: tuple[str, ...] = ("pdf", "image"), max_bytes: int | None = None) -> CheckedUpload:
    """Check an upload by its content; return it with the detected type and the cleaned original
    name, or raise ValidationError (in the user's language)."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None) if uploaded is not None else None
    if not size:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if size > max_bytes:  # before reading anything
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    uploaded.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(max)s.")
            % {"size": filesizeformat(len(data)), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    allowed = set().union(*(KINDS[k] for k in kinds))
    mime = detect_type(data)
    if mime not in allowed:
        raise _bad_type(kinds)
    polyglot = _has_markup(data[:HTML_SCAN_BYTES])
    if mime == PDF:
        if polyglot or not _pdf_parses(data):
            raise ValidationError(
                _("Berkas PDF tidak valid: isinya bukan dokumen PDF yang utuh atau mengandung kode halaman "
                  "web. Simpan ulang atau cetak ulang sebagai PDF, lalu unggah lagi."),
                code="bad_pdf",
            )
    elif mime in KINDS["image"]:
        if polyglot or not _image_parses(data, mime):
            raise ValidationError(
                _("Berkas gambar tidak valid: isinya bukan gambar JPG/PNG/WebP yang utuh atau mengandung "
                  "kode halaman web. Simpan ulang gambarnya, lalu unggah lagi."),
                code="bad_image",
            )
    elif polyglot:
        raise ValidationError(
            _("Berkas tidak valid: isinya mengandung kode halaman web. Simpan ulang dokumennya, lalu unggah lagi."),
            code="bad_office",
        )
    return CheckedUpload(uploaded=uploaded, content_type=mime,
                         original_name=clean_name(getattr(uploaded, "name", "") or "", max_length=200))


def stored_type(field_file) -> str:
    """The type of a file already in storage (used to backfill old rows): detected from its
    content when readable (octet-stream when the content is none of the allowed types), else from
    its extension within the allowed list, else octet-stream."""
    try:
        with field_file.storage.open(field_file.name, "rb") as fh:
            data = fh.read(settings.UPLOAD_MAX_BYTES * 2)
    except (OSError, ValueError):
        data = None
    if data is not None:  # readable: the content decides
        return detect_type(data) or OCTET
    suffix = PurePath(field_file.name or "").suffix.lower().lstrip(".")
    by_ext = {ext: m for m, ext in EXTENSIONS.items()} | {"jpeg": "image/jpeg"}
    return by_ext.get(suffix, OCTET)


def serve_file(field_file, *, content_type: str, original_name: str = "") -> FileResponse:
    """Stream a stored file with its stored, detected type. Call only after the policy check.

    Only PDF and raster images are shown inline; anything else (and any type outside the allowed
    list, e.g. an old row recorded as text/html) is an ``application/octet-stream`` attachment.
    Every response is sandboxed (CSP), not sniffed and not cached."""
    if content_type not in ALLOWED:
        content_type = OCTET
    inline = content_type in INLINE_TYPES
    fallback = PurePath(field_file.name or "").stem or "berkas"
    name = download_name(original_name or fallback, content_type)
    response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=name,
                            content_type=content_type)
    for header, value in SERVE_HEADERS.items():
        response[header] = value
    return response


def backfill_upload_metadata(queryset, *, field: str, type_field: str = "content_type",
                             name_field: str = "original_name") -> int:
    """For data migrations: fill the display name (the stored basename) and the detected type of
    rows uploaded before both were recorded. Rows keep their stored file and name."""
    count = 0
    for row in queryset.exclude(**{field: ""}).iterator():
        field_file = getattr(row, field)
        updates = {}
        if not getattr(row, name_field):
            updates[name_field] = clean_name(PurePath(field_file.name).name, max_length=255)
        if not getattr(row, type_field) or getattr(row, type_field) not in ALLOWED:
            updates[type_field] = stored_type(field_file)
        if updates:
            queryset.model.objects.filter(pk=row.pk).update(**updates)
            count += 1
    return count
