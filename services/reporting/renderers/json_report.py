"""The report as indented JSON (the contract of SERVICE-STANDARD.md and its extras)."""

from __future__ import annotations

from typing import Any

import orjson

from services.reporting.renderers.document import PLAIN, Document


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
