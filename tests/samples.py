"""Small sample files for upload tests: real ones (they parse) and hostile ones (polyglots)."""

from __future__ import annotations

import io
import zipfile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# a one-page PDF as pypdf writes it (with xref table and trailer)
PDF = (b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 0 obj\n<<\n/Type /Pages\n"
       b"/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 obj\n"
       b"<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 595 842 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n"
       b"0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 00000 n \n"
       b"0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n256\n%%EOF\n")
# 1x1 PNG (as Pillow writes it: valid checksums)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
# what the reported attack uploaded as bukti.html: PDF magic bytes, then a page with a script
POLYGLOT = (b"%PDF-1.4\n<html><head><title>ok</title></head><body><script>"
            b"document.title='PWNED';window.__pwned=1;fetch('/pwned-'+document.cookie)</script></body></html>\n")
# magic bytes of a PDF, then garbage: no PDF structure at all
BROKEN_PDF = b"%PDF-1.4\n" + b"garbage " * 50
HTML = b"<!DOCTYPE html><html><body><script>window.__pwned=1</script></body></html>"


def docx() -> bytes:
    """A minimal Word document (OOXML zip with [Content_Types].xml and word/document.xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buf.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "JPEG")
    return buf.getvalue()


def assert_served_safely(response, *, content_type: str, disposition: str) -> None:
    """A file response with the stored type, the expected Content-Disposition and the headers
    that keep it from running as a page."""
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
