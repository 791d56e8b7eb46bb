"""The report as a workbook a manager opens: a summary sheet, one sheet per section, the
visits for drill-down, in Bahasa Indonesia.

Values are numbers and dates, never text, with Excel number formats, so the reader's Excel
shows them in its own locale (1.234,56 and Indonesian month names in an Indonesian
Excel). Every table has frozen headers and filters (an Excel table), widths that fit,
and the sections with figures have a native Excel chart. Written in openpyxl's
write-only mode, so a year of visits stays fast and small.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from services.reporting.renderers.document import PLAIN, Document
from services.reporting.renderers.wording import (
    CATEGORY_LABELS,
    CHANNELS,
    ELEMENTS,
    TITLE,
    as_of_text,
    period_text,
)

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.00%"
# [$-421]: Indonesian (id-ID) month names whatever the reader's Excel language
DATETIME = "[$-421]d mmmm yyyy hh:mm"
DATE = "[$-421]d mmmm yyyy"
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
STATUS = {"served": "dilayani", "abandoned": "pergi sebelum dilayani", "pending": "menunggu"}
YES_NO = {True: "ya", False: "tidak", None: None}


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[dict[str, Any]], Any]
    number_format: str | None = None
    width: float = 14


def pct(value: float | None) -> float | None:
    return None if value is None else value / 100


def local(value: Any) -> Any:
    """ISO text -> naive office-local datetime (Excel has no time zones; the offset is the
    office's, stated on the summary sheet)."""
    if not isinstance(value, str):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=None)


class Sheets:
    def __init__(self, document: Document) -> None:
        self.book = Workbook(write_only=True)
        self.document = document
        self.tables = 0

    def cell(
        self, sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None, **style: Any
    ) -> Any:
        """A cell of the write-only sheet with its number format and style."""
        found = WriteOnlyCell(sheet, value=value)
        if number_format and value is not None:
            found.number_format = number_format
        for name, setting in style.items():
            setattr(found, name, setting)
        return found

    def table(
        self,
        title: str,
        columns: Sequence[Column],
        records: Sequence[dict[str, Any]],
        above: Sequence[str] = (),
    ) -> tuple[WriteOnlyWorksheet, int]:
        """A sheet of one Excel table (filters on every header, headers frozen), after
        `above` lines of explanation; returns the sheet and the header's row number."""
        sheet = self.book.create_sheet(title[:31])
        for index, column in enumerate(columns):
            sheet.column_dimensions[letter(index)].width = column.width
        for line in above:
            sheet.append([self.cell(sheet, line, font=BOLD)])
        header_row = len(above) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.append(
            [
                self.cell(sheet, column.header, font=BOLD, fill=HEADER_FILL, alignment=WRAP)
                for column in columns
            ]
        )
        for record in records:
            sheet.append([self.cell(sheet, c.value(record), c.number_format) for c in columns])
        if records:
            self.tables += 1
            last = f"{letter(len(columns) - 1)}{header_row + len(records)}"
            table = Table(displayName=f"Tabel{self.tables}", ref=f"A{header_row}:{last}")
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
            # write-only mode cannot read the headers back: name the columns here
            table.tableColumns = [
                TableColumn(id=index, name=column.header)
                for index, column in enumerate(columns, start=1)
            ]
            with warnings.catch_warnings():  # "add table columns manually": done above
                warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
                sheet.add_table(table)
        return sheet, header_row

    def chart(
        self,
        sheet: WriteOnlyWorksheet,
        title: str,
        header_row: int,
        rows: int,
        value_columns: Sequence[int],
        anchor: str,
        number_format: str = "#,##0",
    ) -> None:
        """A native bar chart of the table's value columns (1-based), categories in A."""
        if rows == 0:
            return
        chart = BarChart()
        chart.title = title
        chart.height, chart.width = 8, 16
        for column in value_columns:
            data = Reference(sheet, min_col=column, min_row=header_row, max_row=header_row + rows)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(
            Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + rows)
        )
        chart.y_axis.numFmt = number_format
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        target: Any = sheet  # openpyxl's stubs type add_chart for the ordinary worksheet
        target.add_chart(chart, anchor)


def letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def summary_sheet(sheets: Sheets, report: dict[str, Any]) -> None:
    sheet = sheets.book.create_sheet("Ringkasan")
    sheet.column_dimensions["A"].width = 52
    sheet.column_dimensions["B"].width = 22
    head = sheets.document.letterhead
    sheet.append([sheets.cell(sheet, head.name if head else report["office_name"], font=BOLD)])
    sheet.append([sheets.cell(sheet, TITLE, font=TITLE_FONT)])
    sheet.append([f"Periode: {period_text(report)}"])
    sheet.append([as_of_text(report)])
    sheet.append([])
    sheet.append([sheets.cell(sheet, h, font=BOLD, fill=HEADER_FILL) for h in ("Ukuran", "Nilai")])
    offline, online, ikm = report["offline"], report["online"], report["ikm"]
    complaints = report["complaints"]
    category = ikm.get("category")
    rows: list[tuple[str, Any, str | None]] = [
        ("Kunjungan langsung (luring)", offline["visits"], INTEGER),
        ("Luring dilayani", offline["served"], INTEGER),
        ("Luring sesuai standar waktu tunggu", offline["within_standard"], INTEGER),
        ("Kepatuhan standar luring", pct(offline["compliance_pct"]), PERCENT),
        ("Rata-rata tunggu standar luring (menit)", offline["wait_minutes"]["mean"], DECIMAL),
        ("Permintaan daring", online["requests"], INTEGER),
        ("Daring dilayani", online["served"], INTEGER),
        ("Daring sesuai standar waktu tanggap", online["within_standard"], INTEGER),
        ("Kepatuhan standar daring", pct(online["compliance_pct"]), PERCENT),
        ("Rata-rata tunggu standar daring (menit)", online["wait_minutes"]["mean"], DECIMAL),
        ("Indeks Kepuasan Masyarakat (IKM)", ikm.get("score"), DECIMAL),
        (
            "Mutu pelayanan",
            f"{category} ({CATEGORY_LABELS[category]})" if category else None,
            None,
        ),
        ("Responden survei", ikm.get("responses"), INTEGER),
        ("Pengaduan masuk", complaints["filed"], INTEGER),
        ("Pengaduan selesai", complaints["resolved"], INTEGER),
        ("Pengaduan lewat tenggat", complaints["overdue"], INTEGER),
        ("Hari layanan", report.get("calendar", {}).get("open_days"), INTEGER),
    ]
    for label, value, number_format in rows:
        sheet.append([label, sheets.cell(sheet, value, number_format)])
    sheet.freeze_panes = "A7"


def channel_records(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [{"name": "Luring (datang langsung)", **report["offline"], "requests": None}]
    for channel, part in sorted(report["online"].get("by_channel", {}).items()):
        rows.append({"name": f"Daring: {CHANNELS.get(channel, channel)}", **part})
    rows.append({"name": "Daring (semua kanal)", **report["online"]})
    for row in rows:
        row["count"] = row.get("visits") if row.get("requests") is None else row["requests"]
    return rows


def wait(measure: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row["wait_minutes"][measure]


COMPLIANCE = [
    Column("Kanal", lambda r: r["name"], width=28),
    Column("Permintaan", lambda r: r["count"], INTEGER, 12),
    Column("Dilayani", lambda r: r["served"], INTEGER, 11),
    Column("Sesuai standar", lambda r: r["within_standard"], INTEGER, 11),
    Column("Kepatuhan", lambda r: pct(r["compliance_pct"]), PERCENT, 12),
    Column("Tunggu rata-rata (menit)", wait("mean"), DECIMAL),
    Column("Median (menit)", wait("median"), DECIMAL, 11),
    Column("P90 (menit)", wait("p90"), DECIMAL, 11),
    Column("Maks (menit)", wait("max"), DECIMAL, 11),
]
IKM = [
    Column("Unsur", lambda r: r["code"], width=8),
    Column("Uraian", lambda r: ELEMENTS[r["code"]], width=42),
    Column("NRR", lambda r: r["nrr"], DECIMAL, 10),
]
COMPLAINTS = [
    Column("Nomor pengaduan", lambda r: r.get("reference") or r["complaint_id"], width=38),
    Column("Kanal", lambda r: CHANNELS.get(r["channel"] or "", r["channel"])),
    Column("Kategori", lambda r: r["category"], width=22),
    Column("Petugas", lambda r: r["officer_id"]),
    Column("Diajukan", lambda r: local(r["filed_at"]), DATETIME, 22),
    Column("Ditanggapi", lambda r: local(r["acknowledged_at"]), DATETIME, 22),
    Column("Diselesaikan", lambda r: local(r["resolved_at"]), DATETIME, 22),
    Column("Lewat tenggat selesai", lambda r: YES_NO[r["overdue"]], width=12),
    Column("Lewat tenggat tanggapan", lambda r: YES_NO[r["response_overdue"]], width=12),
    Column("Hari sampai selesai", lambda r: r["days_to_resolution"], DECIMAL, 12),
]
VISITS = [
    Column("Nomor antrean", lambda r: r.get("ticket"), width=14),
    Column("Nomor kunjungan", lambda r: r["visit_id"], width=38),
    Column("Kanal", lambda r: CHANNELS.get(r["channel"] or "", r["channel"])),
    Column("Status", lambda r: STATUS.get(r["status"], r["status"]), width=20),
    Column("Petugas", lambda r: r["officer_id"]),
    Column("Datang", lambda r: local(r["arrived_at"]), DATETIME, 22),
    Column("Dipanggil", lambda r: local(r["called_at"]), DATETIME, 22),
    Column("Mulai dilayani", lambda r: local(r["started_at"]), DATETIME, 22),
    Column("Selesai", lambda r: local(r["completed_at"]), DATETIME, 22),
    Column("Pergi", lambda r: local(r["abandoned_at"]), DATETIME, 22),
    Column("Tunggu dihitung sejak", lambda r: local(r["wait_from"]), DATETIME, 22),
    Column("Tunggu standar (menit)", lambda r: r["standard_wait_minutes"], DECIMAL),
    Column("Sesuai standar", lambda r: YES_NO[r["within_standard"]], width=10),
    Column("Datang s.d. dipanggil (menit)", lambda r: r["arrival_to_call_minutes"], DECIMAL),
    Column("Dipanggil s.d. mulai (menit)", lambda r: r["call_to_start_minutes"], DECIMAL),
    Column("Lama layanan (menit)", lambda r: r["service_minutes"], DECIMAL),
]


def officer_columns(document: Document) -> list[Column]:
    def name(row: dict[str, Any]) -> str:
        known = document.staff.get(row["officer_id"])
        return known.name if known else row["officer_id"]

    def nip(row: dict[str, Any]) -> str | None:
        known = document.staff.get(row["officer_id"])
        return known.nip if known else None

    return [
        Column("Petugas", name, width=26),
        Column("NIP", nip, width=20),
        Column("Konsultasi", lambda r: r["consultations"], INTEGER, 11),
        Column("Sesuai standar", lambda r: r["within_standard"], INTEGER, 11),
        Column("Kepatuhan", lambda r: pct(r["compliance_pct"]), PERCENT, 11),
        Column("Rata-rata layanan (menit)", lambda r: r["mean_duration_minutes"], DECIMAL),
        Column("IKM", lambda r: (r.get("ikm") or {}).get("score"), DECIMAL, 9),
        Column("Pengaduan", lambda r: r["complaints"], INTEGER, 11),
        Column("Bertugas (menit)", lambda r: r["on_duty_minutes"], DECIMAL),
        Column("Melayani (menit)", lambda r: r["engaged_minutes"], DECIMAL),
        Column(
            "Menganggur saat ada yang menunggu (menit)",
            lambda r: r["idle_while_waiting_minutes"],
            DECIMAL,
            18,
        ),
    ]


def provenance_sheet(sheets: Sheets, report: dict[str, Any]) -> None:
    source = report.get("provenance", {})
    sheet = sheets.book.create_sheet("Asal data")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    rows = [
        ("Keadaan per", local(report.get("as_of"))),
        ("Zona waktu", (report.get("as_of") or "")[19:] or None),
        ("Jumlah peristiwa", source.get("events")),
        ("sha256 peristiwa", source.get("events_digest", {}).get("sha256")),
        ("Cara menghitung sha256", source.get("events_digest", {}).get("recipe")),
        ("Riwayat sampai", local(source.get("history_until"))),
        ("Versi program", source.get("code_version")),
    ]
    for label, value in rows:
        number_format = DATETIME if isinstance(value, datetime) else None
        sheet.append(
            [sheets.cell(sheet, label, font=BOLD), sheets.cell(sheet, value, number_format)]
        )


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    sheets = Sheets(document)
    summary_sheet(sheets, report)

    channels = channel_records(report)
    sheet, top = sheets.table("Kepatuhan", COMPLIANCE, channels)
    sheets.chart(
        sheet,
        "Kepatuhan per kanal",
        top,
        len(channels),
        [5],
        "B" + str(top + len(channels) + 3),
        "0%",
    )

    elements = report["ikm"].get("elements") or {}
    nrr = [{"code": code, "nrr": elements.get(code)} for code in ELEMENTS]
    sheet, top = sheets.table("IKM", IKM, nrr)
    sheets.chart(sheet, "Nilai rata-rata per unsur (NRR)", top, len(nrr), [3], "E2", "0.0")

    officers = report["officers"]
    sheet, top = sheets.table("Petugas", officer_columns(document), officers)
    sheets.chart(
        sheet, "Konsultasi per petugas", top, len(officers), [3, 4], f"B{top + len(officers) + 3}"
    )

    sheets.table("Pengaduan", COMPLAINTS, report.get("complaint_rows", []))
    sheets.table("Kunjungan", VISITS, report.get("visit_rows", []))
    closed = report.get("calendar", {}).get("closed_days", [])
    sheets.table(
        "Hari libur",
        [
            Column("Tanggal", lambda r: datetime.fromisoformat(r["date"]), DATE, 20),
            Column("Keterangan", lambda r: r["reason"], width=50),
        ],
        closed,
    )
    provenance_sheet(sheets, report)
    buffer = io.BytesIO()
    sheets.book.save(buffer)
    return buffer.getvalue()
