"""The one export helper: a table a page shows, downloaded as CSV or XLSX with the same filters.

Pages build a ``Table(headers, rows)`` from the same selector that fills the page (so the numbers
in the file are the numbers on the screen) and hand it to ``export_response``. Every file starts
with a header block (the forum, the filter, the time of export) and then the table.

- CSV: UTF-8 with a byte-order mark, so Excel (Indonesian locale) opens it with the right letters.
- XLSX: written with openpyxl (already a dependency for the embedded report workbooks; tablib
  would add a layer without the header block, frozen panes and widths we need); bold header row,
  panes frozen below it, column widths from the content.
- Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
  return) is prefixed with ``'`` so a spreadsheet shows it as text and never runs it. Numbers
  stay numbers (a negative number is not text and is written as a number).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fokuss import policy

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
# Who may download a table: the rule in fokuss.policy (pages keep their own rule for viewing).
EXPORT_ACTION = "report.download"


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[object]] = field(default_factory=list)


class ExportFormatError(ValueError):
    """An unknown ``format`` value (the view answers 400 with a clear message)."""


def requested_format(request) -> str | None:
    """The export format asked for in ``?format=``: None for the page itself, "csv" or "xlsx";
    anything else raises ExportFormatError."""
    raw = request.GET.get("format")
    if raw is None or raw == "":
        return None
    if raw not in FORMATS:
        raise ExportFormatError(raw)
    return raw


def bad_format_response(raw: str = "") -> HttpResponse:
    return HttpResponse(_("Format unduhan tidak dikenal. Pilih CSV atau XLSX."),
                        status=400, content_type="text/plain; charset=utf-8")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet cell: text that would start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "j F Y H.i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def exported_label(moment: datetime.datetime) -> str:
    """"Diekspor: Senin, 30 November 2026 08.00 WIB" (local time of the portal)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return _("Diekspor: %(when)s WIB") % {"when": formats.date_format(local, "l, j F Y H.i")}


def header_block(*, forum_label: str, filter_label: str, exported_at: datetime.datetime) -> list[str]:
    return [forum_label, filter_label, exported_label(exported_at)]


def _csv_bytes(table: Table, block: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in block:
        writer.writerow([safe_cell(line)])
    writer.writerow([])
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(table: Table, block: list[str], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = (slugify(title) or "data")[:31]
    for line in block:
        sheet.append([safe_cell(line)])
    sheet.append([])
    header_row = len(block) + 2
    sheet.append([safe_cell(h) for h in table.headers])
    bold = Font(bold=True)
    for cell in sheet[header_row]:
        cell.font = bold
    sheet["A1"].font = bold
    widths = [len(str(h)) for h in table.headers]
    for row in table.rows:
        values = [safe_cell(c) for c in row]
        sheet.append(values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], len(str(v)))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(*, table: Table, fmt: str, filename: str, forum_label: str, filter_label: str,
                    exported_at: datetime.datetime | None = None) -> HttpResponse:
    """The table as a file download: ``<filename>.csv`` or ``<filename>.xlsx``."""
    if fmt not in FORMATS:
        raise ExportFormatError(fmt)
    exported_at = exported_at or timezone.now()
    block = header_block(forum_label=forum_label, filter_label=filter_label, exported_at=exported_at)
    body = _csv_bytes(table, block) if fmt == "csv" else _xlsx_bytes(table, block, filename)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = slugify(filename) or "ekspor"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def export_if_asked(request, *, table, filename: str, forum, filter_label: str,
                    action: str = EXPORT_ACTION, forum_label: str | None = None) -> HttpResponse | None:
    """For a list view (which has already checked the page's own rule): None when the page itself
    is asked for (no ``?format=``); the file when ``?format=csv|xlsx`` and the actor may export
    (``report.download``: board, camat office, kabupaten; 403 otherwise); a 400 with a clear
    message for any other format. ``table`` is a callable building the Table (it runs only for an
    export, from data the view already read for the page). ``forum`` is what the policy checks;
    ``forum_label`` (default: the forum's name) heads the file."""
    try:
        fmt = requested_format(request)
    except ExportFormatError:
        return bad_format_response()
    if fmt is None:
        return None
    policy.require(request.actor, action, forum)
    return export_response(table=table(), fmt=fmt, filename=filename, forum_label=forum_label or str(forum),
                           filter_label=filter_label, exported_at=timezone.now())
