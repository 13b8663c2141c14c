"""fokuss.exports: CSV with BOM, XLSX with bold header, frozen panes and widths, the header block
and formula-injection safety."""

import csv
import datetime
import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from fokuss.exports import ExportFormatError, Table, export_response, requested_format, safe_cell

MOMENT = datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.UTC)  # 08.00 WIB
TABLE = Table(headers=["Desa", "Nilai", "Catatan"],
              rows=[["Kalikidang", 3, "=HYPERLINK(\"http://x\")"], ["Wiradadi", -2, "+62 812"],
                    ["Ledug", 0.5, "@SUM(A1)"], ["Karangrau", None, "-1+1"], ["Tab", 1, "\tx"]])


def _export(fmt):
    return export_response(table=TABLE, fmt=fmt, filename="Matriks tenggat 2026", forum_label="FOKUSS Sokaraja",
                           filter_label="Tahun 2026", exported_at=MOMENT)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+62", "'+62"), ("-5", "'-5"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Sokaraja", "Sokaraja"), (-5, -5), (2.5, 2.5), (None, ""), (True, "Ya"),
    (datetime.date(2026, 11, 30), "30 November 2026"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_has_bom_header_block_and_quoted_formulas():
    response = _export("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="matriks-tenggat-2026.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["FOKUSS Sokaraja"]
    assert rows[1] == ["Tahun 2026"]
    assert rows[2] == ["Diekspor: Senin, 30 November 2026 08.00 WIB"]
    assert rows[3] == []
    assert rows[4] == ["Desa", "Nilai", "Catatan"]
    assert rows[5] == ["Kalikidang", "3", "'=HYPERLINK(\"http://x\")"]
    assert rows[6] == ["Wiradadi", "-2", "'+62 812"]
    assert rows[7][2] == "'@SUM(A1)" and rows[8][2] == "'-1+1" and rows[8][1] == ""
    for row in rows[5:]:
        assert not any(cell.startswith(("=", "+", "@", "\t")) for cell in row)


def test_xlsx_bold_header_frozen_panes_widths_and_no_formula():
    response = _export("xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "FOKUSS Sokaraja"
    assert sheet["A3"].value == "Diekspor: Senin, 30 November 2026 08.00 WIB"
    assert [c.value for c in sheet[5]] == ["Desa", "Nilai", "Catatan"]
    assert all(c.font.bold for c in sheet[5])
    assert sheet.freeze_panes == "A6"
    assert sheet.column_dimensions["A"].width >= len("Kalikidang")
    assert sheet["C6"].value == "'=HYPERLINK(\"http://x\")" and sheet["C6"].data_type == "s"
    assert sheet["B7"].value == -2  # numbers stay numbers
    for row in sheet.iter_rows(min_row=6):
        assert all(c.data_type != "f" for c in row)


@pytest.mark.parametrize("raw,expected", [("", None), ("csv", "csv"), ("xlsx", "xlsx")])
def test_requested_format(raw, expected):
    assert requested_format(RequestFactory().get("/", {"format": raw} if raw else {})) == expected


@pytest.mark.parametrize("raw", ["pdf", "CSV", "xls", "../x"])
def test_unknown_format_is_refused(raw):
    with pytest.raises(ExportFormatError):
        requested_format(RequestFactory().get("/", {"format": raw}))
    with pytest.raises(ExportFormatError):
        export_response(table=TABLE, fmt=raw, filename="x", forum_label="f", filter_label="", exported_at=MOMENT)
