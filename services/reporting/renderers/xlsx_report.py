"""The report as a workbook: one sheet per section, and one row per visit for drill-down.

Written in openpyxl's write-only mode, so a year of visits stays fast and small.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from services.reporting.renderers.document import PLAIN, Document
from services.reporting.renderers.flatten import flat_record, flatten

TABLE_SECTIONS = {
    "officers": "officers",
    "visit_rows": "visits",
    "complaint_rows": "complaints_list",
}
BOLD = Font(bold=True)


def header(sheet: WriteOnlyWorksheet, names: list[str]) -> None:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def metrics_sheet(book: Workbook, title: str, section: Any) -> None:
    """A section as (metric, value) rows."""
    sheet = book.create_sheet(title[:31])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 24
    sheet.freeze_panes = "A2"
    header(sheet, ["metric", "value"])
    for key, value in flatten(section):
        sheet.append([key, value])


def table_sheet(book: Workbook, title: str, records: list[dict[str, Any]]) -> None:
    """A list section as a table: one row per record, nested keys joined with '_'."""
    sheet = book.create_sheet(title[:31])
    rows = [flat_record(record) for record in records]
    names = list(dict.fromkeys(name for row in rows for name in row)) if rows else ["(none)"]
    for index in range(len(names)):
        sheet.column_dimensions[column_letter(index)].width = 18
    sheet.freeze_panes = "B2"
    header(sheet, names)
    instants = [name for name in names if name.endswith("_at") or name == "wait_from"]
    for row in rows:
        for name in instants:
            row[name] = local_datetime(row.get(name))
        sheet.append([row.get(name) for name in names])


def local_datetime(value: Any) -> Any:
    """ISO text -> naive office-local datetime (Excel has no time zones; the offset is the
    office's, stated in the provenance sheet)."""
    if not isinstance(value, str):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=None)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    book = Workbook(write_only=True)
    identity = {key: value for key, value in report.items() if not isinstance(value, dict | list)}
    metrics_sheet(book, "report", {**identity, "period": report["period"]})
    for name, section in report.items():
        if name in TABLE_SECTIONS:
            table_sheet(book, TABLE_SECTIONS[name], section)
        elif isinstance(section, dict) and name != "period":
            metrics_sheet(book, name, section)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
