"""The report as a CSV of (section, metric, value) rows: every figure, one per line."""

from __future__ import annotations

import csv
import io
from typing import Any

from services.reporting.renderers.document import PLAIN, Document
from services.reporting.renderers.flatten import flatten


def render(report: dict[str, Any], document: Document = PLAIN) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "metric", "value"])
    for key, value in flatten(report):
        section, _, metric = key.partition(".")
        if not metric:
            section, metric = "report", section
        writer.writerow([section, metric, "" if value is None else value])
    return buffer.getvalue().encode()
