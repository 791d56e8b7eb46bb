"""The national roll-up: every office's compliance and IKM for one period, side by side.

Each office's row is taken from its own report (`report.report`, the same figures as
`hub report --office`), so a roll-up line never disagrees with the office's report. The
national line adds the counts up; its compliance is within-standard over served for
the whole country, its IKM the response-weighted mean of the offices' IKM scores.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from services.reporting.facts import OfficeFacts
from services.reporting.periods import Period
from services.reporting.report import report
from standard.calendar import ServiceCalendar
from standard.office import OfficeSettings, office_settings

TIME_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def office_row(result: dict[str, Any], settings: OfficeSettings) -> dict[str, Any]:
    offline, online, ikm = result["offline"], result["online"], result["ikm"]
    complaints = result["complaints"]
    return {
        "office_id": result["office_id"],
        "office_name": result["office_name"],
        "time_zone": TIME_ZONE_NAMES.get(settings.time_zone, settings.time_zone),
        "offline": {
            key: offline[key] for key in ("visits", "served", "within_standard", "compliance_pct")
        },
        "online": {
            key: online[key] for key in ("requests", "served", "within_standard", "compliance_pct")
        },
        "ikm": {key: ikm.get(key) for key in ("responses", "score", "category")},
        "complaints": {key: complaints[key] for key in ("filed", "open", "overdue")},
        "events": result["provenance"]["events"],
    }


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def national_line(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def total(section: str, key: str) -> int:
        return sum(row[section][key] or 0 for row in rows)

    responses = total("ikm", "responses")
    weighted = sum((row["ikm"]["score"] or 0) * (row["ikm"]["responses"] or 0) for row in rows)
    line: dict[str, Any] = {"offices": len(rows)}
    for section, count in (("offline", "visits"), ("online", "requests")):
        served, within = total(section, "served"), total(section, "within_standard")
        line[section] = {
            count: total(section, count),
            "served": served,
            "within_standard": within,
            "compliance_pct": percentage(within, served),
        }
    line["ikm"] = {
        "responses": responses,
        "score": round(weighted / responses, 2) if responses else None,
        "method": "response-weighted mean of the offices' IKM scores",
    }
    line["complaints"] = {key: total("complaints", key) for key in ("filed", "open", "overdue")}
    line["by_time_zone"] = {
        zone: sum(1 for row in rows if row["time_zone"] == zone)
        for zone in sorted({row["time_zone"] for row in rows})
    }
    return line


def rollup(
    period: Period, reports: Iterable[tuple[dict[str, Any], OfficeSettings]]
) -> dict[str, Any]:
    """One row per office (ordered by office code) and the national line."""
    rows = sorted(
        (office_row(result, settings) for result, settings in reports),
        key=lambda row: row["office_id"],
    )
    return {
        "period": period.to_json(),
        "period_label": period.label,
        "national": national_line(rows),
        "offices": rows,
    }


def national_rollup(
    facts: Iterable[OfficeFacts],
    period: Period,
    settings_for: Callable[[str], OfficeSettings] = office_settings,
) -> dict[str, Any]:
    """The roll-up of offices' facts (an archive's replay)."""

    def reports() -> Iterable[tuple[dict[str, Any], OfficeSettings]]:
        for office in facts:
            settings = settings_for(office.office_id)
            yield report(office, settings, period, calendar=ServiceCalendar(settings)), settings

    return rollup(period, reports())


def national_csv(rollup: dict[str, Any]) -> bytes:
    """One line per office: the roll-up's figures, flattened (`offline.compliance_pct`)."""

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        return {
            (f"{key}.{inner}" if isinstance(value, dict) else key): (
                value[inner] if isinstance(value, dict) else value
            )
            for key, value in row.items()
            for inner in (value if isinstance(value, dict) else [None])
        }

    rows = [flat(row) for row in rollup["offices"]]
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().encode()
