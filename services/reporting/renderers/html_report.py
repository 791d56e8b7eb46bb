"""The report as one self-contained HTML page (jinja2), in the manager's language."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

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

ENVIRONMENT = Environment(
    loader=PackageLoader("services.reporting.renderers", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.filters["number"] = number
ENVIRONMENT.filters["minute"] = lambda text: text[:16].replace("T", " ") if text else "-"


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    template = ENVIRONMENT.get_template("report.html.j2")
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
