"""The report as indented JSON (the contract of SERVICE-STANDARD.md and its extras)."""

from __future__ import annotations

from typing import Any

import orjson


def render(report: dict[str, Any]) -> bytes:
    return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
