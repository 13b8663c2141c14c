"""fokuss.uploads: content checks, generated storage names, safe serving (issue 11 §1: an uploaded
file must never run as a page on the portal's origin)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fokuss.uploads import (
    DOCX,
    UploadPath,
    backfill_upload_metadata,
    check_upload,
    clean_name,
    download_name,
    serve_file,
)
from tests.samples import BROKEN_PDF, HTML, PDF, PNG, POLYGLOT, docx, jpeg

ALL = ("pdf", "image", "office")


def up(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_polyglot_pdf_html_named_html_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        check_upload(up("bukti.html", POLYGLOT), kinds=ALL)
    assert "Berkas PDF tidak valid" in " ".join(exc.value.messages)


@pytest.mark.parametrize("marker", [b"<script>", b"<HTML>", b"<!DOCTYPE html>", b"<svg onload=x>",
                                    b"<iframe src=x>"])
def test_a_real_pdf_carrying_markup_is_refused(marker):
    content = PDF.replace(b"%%EOF", b"% " + marker + b"\n%%EOF")
    with pytest.raises(ValidationError, match="Berkas PDF tidak valid"):
        check_upload(up("x.pdf", content), kinds=ALL)


def test_pdf_magic_bytes_without_a_pdf_structure_are_refused():
    with pytest.raises(ValidationError, match="Berkas PDF tidak valid"):
        check_upload(up("x.pdf", BROKEN_PDF), kinds=ALL)


@pytest.mark.parametrize("content", [HTML, b"just some text " * 20, b"MZ\x90\x00exe" * 20])
def test_a_file_that_is_not_pdf_image_or_office_is_refused(content):
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima"):
        check_upload(up("bukti.pdf", content), kinds=ALL)


def test_type_and_extension_come_from_the_content_not_the_name():
    checked = check_upload(up("x.html", PDF), kinds=ALL)
    assert (checked.content_type, checked.extension, checked.original_name) == ("application/pdf", "pdf", "x.html")
    assert check_upload(up("foto.txt", PNG)).extension == "png"
    assert check_upload(up("foto.png", jpeg())).extension == "jpg"
    office = check_upload(up("notulen.pdf", docx()), kinds=ALL)
    assert (office.content_type, office.extension) == (DOCX, "docx")


def test_image_with_markup_or_broken_body_is_refused():
    with pytest.raises(ValidationError, match="Berkas gambar tidak valid"):
        check_upload(up("a.png", PNG + b"<script>alert(1)</script>"))
    with pytest.raises(ValidationError, match="Berkas gambar tidak valid"):
        check_upload(up("a.png", PNG[:40]))


def test_a_zip_that_is_no_office_document_is_refused():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.html", "<html></html>")
    with pytest.raises(ValidationError, match="Jenis berkas tidak diterima"):
        check_upload(up("a.docx", buf.getvalue()), kinds=ALL)


@override_settings(UPLOAD_MAX_BYTES=100)
def test_size_is_checked_before_reading():
    class Huge:
        name, size = "x.pdf", 10**9

        def read(self, *a):
            raise AssertionError("read before the size check")

        seek = read

    with pytest.raises(ValidationError, match="terlalu besar"):
        check_upload(Huge())
    with pytest.raises(ValidationError, match="kosong"):
        check_upload(up("x.pdf", b""))


@pytest.mark.parametrize("raw, clean", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\sekdes\\bukti desa.pdf", "bukti desa.pdf"),
    ('a"b\'c\r\n;d.pdf', "abcd.pdf"),
    ("\x00\x1f.pdf", "pdf"),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_download_name_enforces_the_detected_extension():
    assert download_name("x.html", "application/pdf") == "x.pdf"
    assert download_name("bukti.html", "text/html") == "bukti.bin"
    assert download_name('../"laporan".final.PDF', "application/pdf") == "laporan.final.pdf"
    assert download_name("", "image/png") == "berkas.png"


def test_upload_path_is_generated_with_the_detected_extension():
    class Row:
        content_type = "application/pdf"

    path = UploadPath("reports")(Row(), "bukti.html")
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.pdf", path)
    Row.content_type = "text/html"
    assert UploadPath("reports")(Row(), "bukti.html").endswith(".bin")


class _Stored:
    """A stored file as a FileField gives it (name + open)."""

    def __init__(self, content, name="old/bukti.html"):
        self.content, self.name = content, name

    def open(self, mode="rb"):
        import io

        return io.BytesIO(self.content)


def _headers(response):
    return {k.lower(): v for k, v in response.headers.items()}


def test_serve_pdf_inline_with_the_safety_headers():
    h = _headers(serve_file(_Stored(PDF), content_type="application/pdf", original_name="x.html"))
    assert h["content-type"] == "application/pdf"
    assert h["content-disposition"] == 'inline; filename="x.pdf"'
    assert h["x-content-type-options"] == "nosniff"
    assert h["content-security-policy"] == "sandbox; default-src 'none'"
    assert h["cache-control"] == "private, no-store"


def test_serve_office_and_unknown_types_as_attachment():
    h = _headers(serve_file(_Stored(docx()), content_type=DOCX, original_name="notulen.docx"))
    assert h["content-type"] == DOCX and h["content-disposition"] == 'attachment; filename="notulen.docx"'
    # an old row recorded as text/html is never served as a page
    h = _headers(serve_file(_Stored(POLYGLOT), content_type="text/html", original_name="bukti.html"))
    assert h["content-type"] == "application/octet-stream"
    assert h["content-disposition"] == 'attachment; filename="bukti.bin"'
    assert h["content-security-policy"] == "sandbox; default-src 'none'"


@pytest.mark.django_db
def test_backfill_detects_the_type_of_old_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from trainings.models import Event, Material

    event = Event.objects.create(forum=world.forum_a, title="Rapat", starts_at="2026-01-05T09:00+07:00",
                                 ends_at="2026-01-05T11:00+07:00", venue="Balai")
    for name, content in [("modul.html", PDF), ("x.exe", b"MZ"), ("catatan.pdf", HTML)]:
        m = Material(event=event, title=name)
        m.file.name = m.file.storage.save(f"trainings/materials/2025/{name}", ContentFile(content))
        m.save()
    Material.objects.create(event=event, title="lost", file="trainings/materials/2025/foto.jpeg")  # file gone
    backfill_upload_metadata(Material.objects.all(), field="file")
    got = {m.original_name: m.content_type for m in Material.objects.all()}
    assert got == {"modul.html": "application/pdf", "foto.jpeg": "image/jpeg", "x.exe": "application/octet-stream",
                   "catatan.pdf": "application/octet-stream"}
