"""The monthly/yearly evaluation as a PDF the service manager signs (Bahasa Indonesia).

Sections follow the standard (`pdf_sections`): waiting-time compliance, the satisfaction
index (IKM), complaints, the officers' evaluation, the closed days of the period; then
the signature block of the penanggung jawab pelayanan and what the report was computed from.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.reporting.renderers.document import PLAIN, Document
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
    moment_text,
    number,
    period_text,
)


def letterhead_block(report: dict[str, Any], document: Document) -> list[Flowable]:
    """Kop surat: logo (when its file exists), the office's name and address, a rule."""
    head = document.letterhead
    name = head.name if head else report["office_name"]
    lines = [Paragraph(f"<b>{escape(name).upper()}</b>", LETTERHEAD)]
    if head and head.address:
        lines += [Paragraph(escape(line), ADDRESS) for line in head.address.splitlines()]
    logo = head.logo_path if head else None
    if logo and Path(logo).is_file():
        picture = Image(logo, width=1.9 * cm, height=1.9 * cm, kind="proportional")
        block: Flowable = Table(
            [[picture, lines]], colWidths=[2.3 * cm, 14.7 * cm], style=LETTERHEAD_TABLE
        )
    else:
        block = Table([[lines]], colWidths=[17 * cm], style=LETTERHEAD_TABLE)
    return [block, HRFlowable(width="100%", thickness=1.5, color=colors.black), Spacer(1, 6)]


def heading(report: dict[str, Any], document: Document = PLAIN) -> list[Flowable]:
    calendar = report.get("calendar", {})
    return [
        *letterhead_block(report, document),
        Paragraph(TITLE, TITLE_STYLE),
        Paragraph(f"{report['office_name']} (kode {report['office_id']})", BODY),
        Paragraph(
            f"Periode: {period_text(report)}; hari layanan: {number(calendar.get('open_days'))}",
            BODY,
        ),
        Paragraph(as_of_text(report), BODY),
    ]


def signature_block(report: dict[str, Any], document: Document = PLAIN) -> Flowable:
    """Place and date of signing (left blank to be written), title, name and NIP."""
    head = document.letterhead
    place = (head.city if head and head.city else None) or city_of(report["office_name"])
    title = head.person_in_charge_title if head else "Penanggung Jawab Pelayanan"
    signatory = head.person_in_charge if head and head.person_in_charge else None
    nip = head.person_in_charge_nip if head and head.person_in_charge_nip else None
    lines = [
        [f"{place}, ...................................."],
        [f"{title},"],
        [""],
        [""],
        [""],
        [signatory or "(..............................................)"],
        [f"NIP. {nip}" if nip else "NIP. ......................................"],
    ]
    block = Table(lines, colWidths=[7 * cm], rowHeights=[14, 14, 18, 18, 18, 14, 14])
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9)]
    if signatory:
        style.append(("FONT", (0, 5), (0, 5), "Helvetica-Bold", 9))
    block.setStyle(TableStyle(style))
    holder = Table([["", block]], colWidths=[9.5 * cm, 7 * cm])
    return KeepTogether([Spacer(1, 18), holder])


def provenance_note(report: dict[str, Any]) -> Flowable:
    source = report.get("provenance", {})
    digest = source.get("events_digest", {}).get("sha256", "")
    return Paragraph(
        f"Dihitung dari {number(source.get('events'))} peristiwa (sha256 {digest[:16]}...), "
        f"riwayat sampai {moment_text(source.get('history_until'))}, "
        f"versi {source.get('code_version')}.",
        SMALL,
    )


LETTERHEAD = ParagraphStyle("letterhead", parent=BODY, fontSize=13, leading=16, alignment=1)
ADDRESS = ParagraphStyle("address", parent=BODY, fontSize=8.5, leading=11, alignment=1)
LETTERHEAD_TABLE = TableStyle(
    [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
)


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    buffer = io.BytesIO()
    pages = SimpleDocTemplate(
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
        *heading(report, document),
        *waiting_section(report),
        *ikm_section(report),
        *complaint_section(report),
        *officer_section(report, document),
        *closed_days_section(report),
        signature_block(report, document),
        Spacer(1, 12),
        provenance_note(report),
    ]
    footer = f"{report['office_name']} - {TITLE} - {period_text(report)}"[:110]

    def page_number(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(2 * cm, 1.1 * cm, footer)
        canvas.drawRightString(A4[0] - 2 * cm, 1.1 * cm, f"Halaman {template.page}")
        canvas.restoreState()

    pages.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
