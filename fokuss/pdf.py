"""PDF rendering with WeasyPrint, offline and sandboxed.

* ``render_pdf(template_name=..., context=...)`` renders a Django template and
  turns it into PDF bytes.
* ``html_to_pdf(html=...)`` is the WeasyPrint part alone (no Django needed).
* ``safe_url_fetcher(url)`` is the only way WeasyPrint may load resources:
  ``data:`` URLs and ``file:`` URLs inside the project's static directories.
  Anything else (http, https, ftp, files elsewhere) raises ``ValueError``;
  WeasyPrint logs a warning and renders without that resource, so rendering
  a PDF never touches the network.

Issued official documents (minutes, invitations, certificates, reports) are
rendered with ``official=True``: the file is PDF/A-3b (archival: fonts
embedded, sRGB output intent, XMP metadata with ``pdfaid:part=3`` and
``pdfaid:conformance=B``) and tagged (``/MarkInfo /Marked true`` and a
structure tree, so screen readers follow headings, paragraphs and tables),
with ``/Lang``, title, author and subject in both the document information
and the XMP stream. PDF/A-3 allows embedded files, so the figures behind a
report can travel inside it (``attachments=[("angka.xlsx", data, "Angka")]``).

Why PDF/A-3b + tags and not PDF/A + PDF/UA: WeasyPrint 70 takes one
``pdf_variant``; "pdf/a-3b" and "pdf/ua-1" each write their own XMP
identification and cannot be asked for together. Writing a
``pdfuaid:part`` by hand would claim PDF/UA conformance that nothing here
checks (PDF/UA needs, among others, alt text on every figure and header
cells on every table, which depend on each template). PDF/A-3b is the
archival requirement; tags give the accessibility without the claim.
Drafts (``official=False``, the default) stay plain, fast PDFs.

Templates should link the shared stylesheet relative to the static root or
with ``{% static %}``; both resolve to the same local file::

    <link rel="stylesheet" href="{% static 'css/pdf-base.css' %}">
    <link rel="stylesheet" href="css/pdf-base.css">
"""

from __future__ import annotations

import base64
import io
import mimetypes
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import Request, url2pathname

__all__ = [
    "OFFICIAL_PDF_VARIANT",
    "html_to_pdf",
    "pdf_page_count",
    "pdf_response",
    "qr_svg_data_uri",
    "render_pdf",
    "safe_url_fetcher",
    "static_base_dir",
]

# <project>/static, next to the fokuss package; used when Django settings are
# not configured (e.g. in unit tests of html_to_pdf).
_PROJECT_STATIC = Path(__file__).resolve().parent.parent / "static"

mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/woff", ".woff")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


# --------------------------------------------------------------------------
# Static directories


def _django_settings():
    """Django settings if configured, else None (pdf.py works without Django)."""
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover
        return None
    return settings if settings.configured else None


def static_base_dir() -> Path:
    """Directory used as WeasyPrint's base_url: the project's source static dir.

    ``BASE_DIR / "static"`` when it exists, else ``STATIC_ROOT``, else the
    ``static`` folder next to the ``fokuss`` package.
    """
    settings = _django_settings()
    if settings is not None:
        base_dir = getattr(settings, "BASE_DIR", None)
        if base_dir and (Path(base_dir) / "static").is_dir():
            return (Path(base_dir) / "static").resolve()
        static_root = getattr(settings, "STATIC_ROOT", None)
        if static_root and Path(static_root).is_dir():
            return Path(static_root).resolve()
    return _PROJECT_STATIC


def _allowed_roots() -> list[Path]:
    """Every directory a file: URL may point into."""
    roots = [_PROJECT_STATIC, static_base_dir()]
    settings = _django_settings()
    if settings is not None:
        if getattr(settings, "STATIC_ROOT", None):
            roots.append(Path(settings.STATIC_ROOT))
        try:
            from django.contrib.staticfiles.finders import get_finders

            for finder in get_finders():
                for _prefix, root in getattr(finder, "locations", ()):
                    roots.append(Path(root))
                for storage in getattr(finder, "storages", {}).values():
                    location = getattr(storage, "location", None)
                    if location:
                        roots.append(Path(location))
        except Exception:  # noqa: BLE001 - a misconfigured finder must not widen access  # nosec B110
            pass
    resolved: list[Path] = []
    for root in roots:
        try:
            root = root.resolve()
        except OSError:
            continue
        if root not in resolved:
            resolved.append(root)
    return resolved


def _static_url_path() -> str:
    """Path part of STATIC_URL, e.g. '/static/' (never empty, ends with '/')."""
    settings = _django_settings()
    static_url = getattr(settings, "STATIC_URL", None) if settings is not None else None
    path = urlsplit(str(static_url or "/static/")).path or "/static/"
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


def _find_static(relative: str) -> Path | None:
    """Look up 'css/x.css' through the staticfiles finders (or the project dir)."""
    relative = posixpath.normpath(relative.lstrip("/"))
    if relative in ("", ".") or relative.startswith("..") or "/../" in f"/{relative}/":
        return None
    candidates: list[Path] = []
    settings = _django_settings()
    if settings is not None:
        try:
            from django.contrib.staticfiles import finders

            found = finders.find(relative)
        except Exception:  # noqa: BLE001 - SuspiciousFileOperation and friends
            found = None
        if found:
            candidates.append(Path(found if isinstance(found, str) else found[0]))
        # Hashed names from a manifest storage exist only in STATIC_ROOT.
        if getattr(settings, "STATIC_ROOT", None):
            candidates.append(Path(settings.STATIC_ROOT) / relative)
    candidates.append(static_base_dir() / relative)
    candidates.append(_PROJECT_STATIC / relative)
    roots = _allowed_roots()
    for candidate in candidates:
        if candidate.is_file():
            real = candidate.resolve()
            if any(real.is_relative_to(root) for root in roots):
                return real
    return None


def _resolve_file_url(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"PDF rendering refused remote file URL: {url}")
    path = Path(url2pathname(unquote(parts.path)))
    roots = _allowed_roots()
    try:
        real = path.resolve()
    except OSError as exc:
        raise ValueError(f"PDF rendering refused unreadable path: {url}") from exc
    if real.is_file() and any(real.is_relative_to(root) for root in roots):
        return real
    # "/static/css/x.css" from {% static %} resolved against base_url gives
    # file:///static/css/x.css: map STATIC_URL-prefixed paths to the finders.
    prefix = _static_url_path()
    posix_path = unquote(parts.path)
    if posix_path.startswith(prefix):
        found = _find_static(posix_path[len(prefix) :])
        if found is not None:
            return found
    raise ValueError(f"PDF rendering refused file outside the static directories: {url}")


# --------------------------------------------------------------------------
# URL fetcher


def _guess_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _make_response(url: str, body: bytes, content_type: str):
    """A WeasyPrint fetcher result, for WeasyPrint >= 67 (object) or older (dict)."""
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # pragma: no cover - WeasyPrint < 67
        return {"string": body, "mime_type": content_type.split(";")[0], "redirected_url": url}
    return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def safe_url_fetcher(url: str):
    """Fetch ``data:`` URLs and ``file:`` URLs inside the static directories only.

    Raises ``ValueError`` for anything else, before any I/O happens.
    """
    match = _SCHEME_RE.match(url or "")
    scheme = match[1].lower() if match else ""
    if scheme == "data":
        from urllib.request import DataHandler

        response = DataHandler().data_open(Request(url))
        content_type = response.headers.get("Content-Type", "text/plain")
        return _make_response(url, response.read(), content_type)
    if scheme == "file":
        clean = url.split("#", 1)[0].split("?", 1)[0]
        path = _resolve_file_url(clean)
        return _make_response(path.as_uri(), path.read_bytes(), _guess_type(path))
    raise ValueError(f"PDF rendering refused URL (only data: and static file: allowed): {url}")


def _url_fetcher():
    """The object to pass as WeasyPrint's ``url_fetcher``."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint < 67 takes a plain callable
        return safe_url_fetcher

    class SafeURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return safe_url_fetcher(url)

    return SafeURLFetcher(allowed_protocols={"data", "file"})


# --------------------------------------------------------------------------
# Rendering


#: WeasyPrint variant of issued official documents (see the module docstring).
OFFICIAL_PDF_VARIANT = "pdf/a-3b"

#: (filename, content, description) of a file embedded in an official PDF.
Attachment = tuple[str, bytes, str]


def html_to_pdf(
    *,
    html: str,
    base_url: str | Path | None = None,
    official: bool = False,
    title: str | None = None,
    author: str | None = None,
    subject: str | None = None,
    lang: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """Turn an HTML string into PDF bytes; relative URLs resolve against the static dir.

    ``official=True`` gives a tagged PDF/A-3b with ``attachments`` embedded.
    ``title`` / ``author`` / ``subject`` / ``lang`` override what the HTML
    says (``<title>``, ``<meta name="author">``, ``<meta name="description">``,
    ``<html lang>``); they apply to drafts too.
    """
    from weasyprint import HTML

    base = Path(base_url) if base_url is not None else static_base_dir()
    # Trailing slash so that "css/x.css" resolves *inside* the directory.
    base_uri = base.resolve().as_uri().rstrip("/") + "/"
    fetcher = _url_fetcher()
    document = HTML(string=html, base_url=base_uri, url_fetcher=fetcher)
    if not official:
        if attachments:
            raise ValueError("Lampiran berkas hanya untuk dokumen resmi (official=True).")
        if not any((title, author, subject, lang)):
            return document.write_pdf(presentational_hints=True)
    # Render first to set the metadata; the variant options go to both steps, as
    # HTML.write_pdf does.
    variant = {"pdf_variant": OFFICIAL_PDF_VARIANT, "pdf_tags": True} if official else {}
    rendered = document.render(presentational_hints=True, **variant)
    metadata = rendered.metadata
    if title:
        metadata.title = title
    if author:
        metadata.authors = [author]
    if subject:
        metadata.description = subject
    if lang:
        metadata.lang = lang
    if not official:
        return rendered.write_pdf()
    if not metadata.title or not metadata.lang:
        raise ValueError("Dokumen resmi memerlukan judul (<title>) dan bahasa (<html lang>).")
    from weasyprint import Attachment as WeasyAttachment

    embedded = [
        WeasyAttachment(
            string=content,
            name=filename,
            description=description,
            relationship="Supplement",
            url_fetcher=fetcher,
        )
        for filename, content, description in attachments
    ]
    return rendered.write_pdf(attachments=embedded, finisher=_dedupe_associated_files, **variant)


def _dedupe_associated_files(document, pdf) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalog's /AF; keep one."""
    files = pdf.catalog.get("AF")
    if files:
        unique = list(dict.fromkeys(files))
        files.clear()
        files.extend(unique)


def render_pdf(
    *,
    template_name: str,
    context: dict,
    request=None,
    official: bool = False,
    title: str | None = None,
    author: str | None = None,
    subject: str | None = None,
    lang: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """Render a Django template and return the PDF bytes (see ``html_to_pdf``)."""
    from django.template.loader import render_to_string

    html = render_to_string(template_name, context, request=request)
    return html_to_pdf(
        html=html,
        official=official,
        title=title,
        author=author,
        subject=subject,
        lang=lang,
        attachments=attachments,
    )


def pdf_response(data: bytes, *, filename: str, inline: bool = True):
    """An HttpResponse for PDF bytes rendered on request (never cached by shared caches)."""
    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------
# Helpers


def qr_svg_data_uri(*, text: str, size_mm: float = 25.0, border: int = 2) -> str:
    """QR code as ``data:image/svg+xml;base64,...`` for ``<img src>``.

    The SVG carries its physical size (``width="25mm"``), so it prints at
    about 2.5 cm without extra CSS. Error correction M survives a stamp or a
    crease; ``border`` is the quiet zone in modules.
    """
    import segno

    qr = segno.make(text, error="m", boost_error=False)
    modules = qr.symbol_size(scale=1, border=border)[0]
    scale = round(size_mm / modules, 4)
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=scale, border=border, unit="mm", xmldecl=False, svgns=True)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def pdf_page_count(data: bytes) -> int:
    """Number of pages of a PDF given as bytes."""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a dev dependency
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return len(PdfReader(io.BytesIO(data)).pages)
