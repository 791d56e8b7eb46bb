"""The report as one self-contained HTML file, in the manager's language: rendered by the
presentation kit's one Jinja environment, styled inline so the file opens anywhere."""

from __future__ import annotations

from typing import Any

from infra.pages import KIT
from services.reporting.pages import PAGES
from services.reporting.renderers.document import PLAIN, Document
from services.reporting.renderers.wording import (
    CATEGORY_LABELS,
    CHANNELS,
    ELEMENTS,
    TITLE,
    as_of_text,
    number,
    period_text,
)


def minute(text: str | None) -> str:
    return text[:16].replace("T", " ") if text else "-"


KIT.add_filters(number=number, minute=minute)


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    template = KIT.environment.get_template(f"{PAGES.name}/report.html.j2")
    page = template.render(
        report=report,
        title=TITLE,
        period=period_text(report),
        as_of=as_of_text(report),
        elements=ELEMENTS,
        channels=CHANNELS,
        categories=CATEGORY_LABELS,
        visit_rows=report.get("visit_rows", [])[:MAX_VISIT_ROWS],
        more_rows=max(0, len(report.get("visit_rows", [])) - MAX_VISIT_ROWS),
    )
    return page.encode()


MAX_VISIT_ROWS = 500  # the XLSX holds every visit; the page shows the first ones
