"""The report: a pure function of (facts, office settings, period) -> JSON-ready dict.

The contract keys of SERVICE-STANDARD.md ("Report contract") come first; the extras
(durations, IKM per channel and officer, sample adequacy, complaint deadlines, duty
figures, the calendar of the period) and the provenance follow. Nothing here reads a
file or the clock, so the live projection and the archive replay give equal reports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from services.reporting.complaints import assess_complaint, complaint_figures, complaints_in
from services.reporting.facts import Instant, OfficeFacts
from services.reporting.idle import DutyClock
from services.reporting.officers import officer_evaluation
from services.reporting.periods import Period
from services.reporting.sections import (
    calendar_section,
    channel_counts,
    complaint_row,
    durations_section,
    ikm_section,
    offline_section,
    online_section,
    visit_row,
)
from services.reporting.waits import WaitAssessor, visits_in
from standard.calendar import ServiceCalendar
from standard.office import OfficeSettings

DIGEST_RECIPE = "sha256 of the sorted unique event_ids of the events used, each followed by LF"


def code_version() -> str:
    try:
        return version("pst-hub")
    except PackageNotFoundError:
        return "0.0.0+dev"


def events_digest(event_ids: Collection[str]) -> str:
    """Reproducible with `jq -r .event_id FILE | LC_ALL=C sort -u | sha256sum` for one office."""
    ordered = compact_sorted(event_ids)
    text = "\n".join(ordered) + "\n" if ordered else ""
    return hashlib.sha256(text.encode()).hexdigest()


def compact_sorted(texts: Collection[str]) -> list[str]:
    """`sorted(texts)`, sorted from fresh copies laid out side by side in memory: after a
    replay the ids are scattered over the heap, and chasing them is half the sort's time."""
    copies = "\n".join(texts).split("\n") if texts else []
    if len(copies) != len(texts):  # some text holds a line feed: sort the texts themselves
        copies = list(texts)
    copies.sort()
    return copies


def provenance(facts: OfficeFacts, calendar: ServiceCalendar) -> dict[str, Any]:
    latest = facts.latest_event_at
    return {
        "events": len(facts.event_ids),
        "events_digest": {"sha256": events_digest(facts.event_ids), "recipe": DIGEST_RECIPE},
        "history_until": calendar.to_local(latest).isoformat() if latest is not None else None,
        "settings": calendar.settings.model_dump(mode="json"),
        "code_version": code_version(),
        "standard": "SERVICE-STANDARD.md",
    }


def report(
    facts: OfficeFacts,
    settings: OfficeSettings,
    period: Period,
    *,
    include_rows: bool = False,
    calendar: ServiceCalendar | None = None,
    as_of: Instant | None = None,
) -> dict[str, Any]:
    """Every figure of the standard for one office and period, as of one moment.

    `as_of` (POSIX timestamp) is the moment the figures hold for: the live reports pass
    "now", an archive replay its last event (the default). Time is counted only up to
    it: in a period still running, a shift not yet signed off or a visitor still
    waiting counts up to `as_of`, never up to a closing time still ahead, and a
    complaint is overdue only when its deadline passed by `as_of`. The report states
    it (`as_of`, and `complete`: whether the period had ended by then).

    `include_rows` adds `visit_rows` and `complaint_rows` (one per visit / complaint of
    the period) for drill-down renderers. Pass a `calendar` to reuse its cached days.
    """
    calendar = calendar or ServiceCalendar(settings)
    outcomes = WaitAssessor(facts, calendar).assess(visits_in(facts, calendar, period))
    if as_of is None:
        as_of = facts.latest_event_at
    period_end = calendar.days_timestamps(period.start, period.end)[1]
    complaints = [
        assess_complaint(complaint, calendar, as_of)
        for complaint in complaints_in(facts, calendar, period)
    ]
    result: dict[str, Any] = {
        "office_id": settings.office_id,
        "office_name": settings.name,
        "period": period.to_json(),
        "period_label": period.label,
        "as_of": calendar.to_local(as_of).isoformat() if as_of is not None else None,
        "complete": as_of is not None and as_of >= period_end,
        "offline": offline_section(outcomes),
        "online": online_section(outcomes),
        "by_channel": channel_counts(outcomes),
        "durations": durations_section(outcomes),
        "ikm": ikm_section(facts, calendar, period),
        "complaints": complaint_figures(complaints, as_of, calendar),
        "officers": officer_evaluation(
            facts, outcomes, complaints, DutyClock(facts, calendar, period, as_of)
        ),
        "calendar": calendar_section(calendar, period),
        "provenance": provenance(facts, calendar),
    }
    if include_rows:
        result["visit_rows"] = [visit_row(outcome, calendar) for outcome in outcomes]
        result["complaint_rows"] = [complaint_row(status, calendar) for status in complaints]
    return result
