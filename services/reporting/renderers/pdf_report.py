"""The monthly/yearly evaluation as a PDF the service manager signs (Bahasa Indonesia).

Sections follow the standard (`pdf_sections`): waiting-time compliance, the satisfaction
index (IKM), complaints, the officers' evaluation, the closed days of the period; then
the signature block of the penanggung jawab pelayanan and what the report was computed from.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.reporting.renderers.pdf_sections import (
    BODY,
    SMALL,
    TITLE_STYLE,
    closed_days_section,
    complaint_section,
    ikm_section,
    officer_section,
    waiting_section,
)
from services.reporting.renderers.wording import (
    TITLE,
    as_of_text,
    city_of,
    number,
    period_text,
)


def heading(report: dict[str, Any]) -> list[Flowable]:
    calendar = report.get("calendar", {})
    return [
        Paragraph(TITLE, TITLE_STYLE),
        Paragraph(f"{report['office_name']} (kode {report['office_id']})", BODY),
        Paragraph(
            f"Periode: {period_text(report)}; hari layanan: {number(calendar.get('open_days'))}",
            BODY,
        ),
        Paragraph(as_of_text(report), BODY),
    ]


def signature_block(report: dict[str, Any]) -> Flowable:
    place = city_of(report["office_name"])
    lines = [
        [f"{place}, ...................................."],
        ["Penanggung Jawab Pelayanan,"],
        [""],
        [""],
        [""],
        ["(..............................................)"],
        ["NIP. ......................................"],
    ]
    block = Table(lines, colWidths=[7 * cm], rowHeights=[14, 14, 18, 18, 18, 14, 14])
    block.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9)]))
    holder = Table([["", block]], colWidths=[9.5 * cm, 7 * cm])
    return KeepTogether([Spacer(1, 18), holder])


def provenance_note(report: dict[str, Any]) -> Flowable:
    source = report.get("provenance", {})
    digest = source.get("events_digest", {}).get("sha256", "")
    return Paragraph(
        f"Dihitung dari {number(source.get('events'))} peristiwa (sha256 {digest[:16]}...), "
        f"riwayat sampai {source.get('history_until') or '-'}, versi {source.get('code_version')}.",
        SMALL,
    )


def render(report: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=TITLE,
        author=report["office_name"],
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    story = [
        *heading(report),
        *waiting_section(report),
        *ikm_section(report),
        *complaint_section(report),
        *officer_section(report),
        *closed_days_section(report),
        signature_block(report),
        Spacer(1, 12),
        provenance_note(report),
    ]
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def page_number(canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.drawRightString(A4[0] - 2 * cm, 1.1 * cm, f"Halaman {document.page}")
    canvas.restoreState()
