"""Renderers: a report dict -> the bytes of one file format.

Each format lives in its own module, imported only when asked for, so a JSON report
never pays for loading reportlab or openpyxl.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from services.reporting.renderers.document import PLAIN, Document

# format -> (module, whether the output is binary, whether it shows the drill-down rows)
FORMATS: dict[str, tuple[str, bool, bool]] = {
    "json": ("services.reporting.renderers.json_report", False, False),
    "csv": ("services.reporting.renderers.csv_report", False, False),
    "html": ("services.reporting.renderers.html_report", False, True),
    "xlsx": ("services.reporting.renderers.xlsx_report", True, True),
    "pdf": ("services.reporting.renderers.pdf_report", True, False),
}


class UnknownFormat(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"format {name!r} is not one of {', '.join(FORMATS)}")


def is_binary(format_name: str) -> bool:
    return FORMATS[format_name][1]


def needs_rows(format_name: str) -> bool:
    """Whether the format shows one row per visit (build the report with include_rows)."""
    return FORMATS[format_name][2]


def render(report: dict[str, Any], format_name: str, document: Document | None = None) -> bytes:
    """The report in one format; `document` adds the letterhead, signatory and names."""
    if format_name not in FORMATS:
        raise UnknownFormat(format_name)
    module = import_module(FORMATS[format_name][0])
    rendered: bytes = module.render(report, document or PLAIN)
    return rendered
