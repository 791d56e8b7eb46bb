"""Sections A-E of the PDF evaluation: tables and charts, in Bahasa Indonesia."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from services.reporting.renderers.document import PLAIN, Document
from services.reporting.renderers.pdf_charts import bar_chart
from services.reporting.renderers.wording import CATEGORY_LABELS, CHANNELS, ELEMENTS, number
from standard.wording import long_date

SHORT_CHANNELS = {
    "walk_in": "Luring",
    "halopst": "halopst",
    "whatsapp": "WhatsApp",
    "email": "E-mail",
}
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=9, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=9, textColor=colors.grey)
HEADING = ParagraphStyle(
    "heading", parent=STYLES["Heading2"], fontSize=11, spaceBefore=10, keepWithNext=True
)
TITLE_STYLE = ParagraphStyle("title", parent=STYLES["Title"], fontSize=14, leading=18)
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
)


def table(rows: list[list[Any]], widths: list[float] | None = None, text_columns: int = 1) -> Table:
    """A gridded table; the first `text_columns` columns are left-aligned, numbers right."""
    found = Table([[str(cell) for cell in row] for row in rows], colWidths=widths, repeatRows=1)
    found.setStyle(GRID)
    found.setStyle(TableStyle([("ALIGN", (0, 1), (text_columns - 1, -1), "LEFT")]))
    return found


WAIT_COLUMNS = [
    "",
    "Permintaan",
    "Dilayani",
    "Sesuai standar",
    "Kepatuhan",
    "Rata-rata",
    "Median",
    "P90",
    "Maks",
]


def limit_text(limit: dict[str, Any]) -> str:
    unit = "menit" if limit["unit"] == "business_minutes" else "hari kerja"
    return f"maks. {number(limit['amount'])} {unit}".replace(",00 ", " ")


def wait_row(label: str, part: dict[str, Any], count_key: str) -> list[str]:
    wait = part["wait_minutes"]
    return [
        label,
        number(part[count_key]),
        number(part["served"]),
        number(part["within_standard"]),
        number(part["compliance_pct"], " %"),
        *(number(wait[key]) for key in ("mean", "median", "p90", "max")),
    ]


def waiting_section(report: dict[str, Any]) -> list[Flowable]:
    settings = report["provenance"]["settings"]
    online_limits = {limit_text(limit) for limit in settings["online_wait_limits"].values()}
    online = f"Daring ({online_limits.pop()})" if len(online_limits) == 1 else "Daring"
    rows = [
        WAIT_COLUMNS,
        wait_row(
            f"Luring ({limit_text(settings['offline_wait_limit'])})", report["offline"], "visits"
        ),
        wait_row(online, report["online"], "requests"),
    ]
    return [
        Paragraph("A. Kepatuhan standar waktu pelayanan", HEADING),
        Paragraph(
            "Waktu tunggu standar dalam menit jam layanan (tidak termasuk hari libur, "
            "cuti bersama dan di luar jam layanan).",
            BODY,
        ),
        table(rows),
        Spacer(1, 6),
        compliance_chart(report),
    ]


def compliance_chart(report: dict[str, Any]) -> Flowable:
    channels = [("walk_in", report["offline"])]
    channels += sorted(report["online"].get("by_channel", {}).items())
    labels = [SHORT_CHANNELS.get(name, name) for name, _ in channels]
    values = [part["compliance_pct"] or 0 for _, part in channels]
    counts = [float(report["by_channel"].get(name, 0)) for name, _ in channels]
    charts = Table(
        [
            [
                bar_chart("Kepatuhan per kanal (%)", labels, [values], 100),
                bar_chart(
                    "Jumlah permintaan per kanal", labels, [counts], nice_max(counts), decimals=0
                ),
            ]
        ]
    )
    return charts


def nice_max(values: list[float]) -> float:
    top = max(values, default=0) or 1
    step = 10 ** max(0, len(str(int(top))) - 1)
    return float((int(top * 1.15) // step + 1) * step)


def ikm_section(report: dict[str, Any]) -> list[Flowable]:
    ikm = report["ikm"]
    elements = ikm.get("elements") or {}
    rows = [["Unsur", "Uraian", "NRR"]]
    rows += [[code, ELEMENTS[code], number(elements.get(code))] for code in ELEMENTS]
    category = ikm.get("category")
    verdict = f"{category} ({CATEGORY_LABELS[category]})" if category else "-"
    weakest = ikm.get("weakest_element") or {}
    sample = ikm.get("sample", {})
    notes = [
        f"IKM: <b>{number(ikm.get('score'))}</b>, mutu pelayanan: <b>{verdict}</b>, "
        f"dari {number(ikm['responses'])} responden.",
        f"Unsur terlemah: {weakest.get('element', '-')} "
        f"({ELEMENTS.get(weakest.get('element', ''), '-')}).",
        f"Sampel minimum (Krejcie-Morgan, populasi {number(sample.get('population'))} "
        f"kunjungan periode sebelumnya): {number(sample.get('minimum_sample'))}; "
        f"{'terpenuhi' if sample.get('adequate') else 'belum terpenuhi'}.",
    ]
    chart = bar_chart(
        "Nilai rata-rata per unsur (NRR)",
        list(ELEMENTS),
        [[elements.get(code) or 0 for code in ELEMENTS]],
        4,
        width=250,
    )
    return [
        Paragraph("B. Indeks Kepuasan Masyarakat (IKM)", HEADING),
        Table([[table(rows, [1.1 * cm, 6.1 * cm, 1.2 * cm], text_columns=2), chart]]),
        *(Paragraph(note, BODY) for note in notes),
    ]


def complaint_section(report: dict[str, Any]) -> list[Flowable]:
    found = report["complaints"]
    rows = [
        ["Masuk", "Selesai", "Belum selesai", "Lewat tenggat", "Median hari selesai"],
        [number(found[k]) for k in ("filed", "resolved", "open", "overdue")]
        + [number(found.get("median_days_to_resolution"))],
    ]
    channels = (
        ", ".join(
            f"{CHANNELS.get(name, name)} {count}" for name, count in found["by_channel"].items()
        )
        or "-"
    )
    settings = report.get("provenance", {}).get("settings", {})
    days = settings.get("complaint_resolution_working_days", "-")
    return [
        Paragraph("C. Pengaduan, saran dan masukan", HEADING),
        table(rows),
        Paragraph(f"Per kanal: {channels}. Tenggat penyelesaian {days} hari kerja.", BODY),
    ]


def officer_section(report: dict[str, Any], document: Document = PLAIN) -> list[Flowable]:
    rows = [
        [
            "Petugas",
            "Konsultasi",
            "Sesuai\nstandar",
            "Kepatuhan",
            "Rata-rata\nlayanan",
            "IKM",
            "Pengaduan",
            "Menganggur saat\nada yang menunggu",
        ]
    ]
    for officer in report["officers"]:
        rows.append(
            [
                document.officer_label(officer["officer_id"], "\n"),
                number(officer["consultations"]),
                number(officer["within_standard"]),
                number(officer["compliance_pct"], " %"),
                number(officer["mean_duration_minutes"], " mnt"),
                number(officer.get("ikm", {}).get("score")),
                number(officer.get("complaints")),
                number(officer.get("idle_while_waiting_minutes"), " mnt"),
            ]
        )
    return [
        Paragraph("D. Evaluasi kinerja petugas layanan", HEADING),
        table(rows),
        Spacer(1, 6),
        officer_chart(report, document),
    ]


def officer_chart(report: dict[str, Any], document: Document = PLAIN) -> Flowable:
    officers = report["officers"][:12]
    labels = [short_name(document, officer["officer_id"]) for officer in officers]
    served = [float(officer["consultations"]) for officer in officers]
    within = [float(officer["within_standard"]) for officer in officers]
    return bar_chart(
        "Konsultasi per petugas",
        labels,
        [served, within],
        nice_max(served),
        names=("Konsultasi", "Sesuai standar"),
        width=460,
        decimals=0,
    )


def short_name(document: Document, officer_id: str) -> str:
    known = document.staff.get(officer_id)
    return (known.name if known else officer_id)[:14]


def closed_days_section(report: dict[str, Any]) -> list[Flowable]:
    closed = report.get("calendar", {}).get("closed_days", [])
    text = (
        "; ".join(
            f"{long_date(date.fromisoformat(day['date']))}: {day['reason']}" for day in closed
        )
        or "tidak ada"
    )
    return [Paragraph("E. Hari libur nasional dan cuti bersama", HEADING), Paragraph(text, BODY)]
