"""Complaint figures of a period (SERVICE-STANDARD.md, "Complaints").

A complaint belongs to the period in which it was filed. Deadlines are working days on
the service calendar, ending at closing time: first response (acknowledgement or
resolution) within 3, resolution within 5 (settings). A complaint is overdue when it
was resolved after its deadline, or is still open after it as of the latest event in
the history (`as_of`): the report is a pure function of the facts, never of the clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from services.reporting.facts import ComplaintFacts, Instant, OfficeFacts
from services.reporting.periods import Period
from services.reporting.statistics import median_or_none
from standard.calendar import ServiceCalendar


def complaints_in(
    facts: OfficeFacts, calendar: ServiceCalendar, period: Period
) -> list[ComplaintFacts]:
    start, end = calendar.days_timestamps(period.start, period.end)
    found = [
        complaint
        for complaint in facts.complaints.values()
        if complaint.filed_at is not None and start <= complaint.filed_at < end
    ]
    found.sort(key=lambda complaint: (complaint.filed_at, complaint.complaint_id))
    return found


def is_late(done: Instant | None, deadline: Instant, as_of: Instant | None) -> bool:
    """Done after the deadline, or not done and the deadline passed by `as_of`."""
    if done is not None:
        return done > deadline
    return as_of is not None and as_of > deadline


def first_response(complaint: ComplaintFacts) -> Instant | None:
    answers = [at for at in (complaint.acknowledged_at, complaint.resolved_at) if at is not None]
    return min(answers) if answers else None


@dataclass(frozen=True, slots=True)
class ComplaintStatus:
    complaint: ComplaintFacts
    overdue: bool
    response_overdue: bool
    days_to_resolution: float | None = None
    working_days_to_resolution: int | None = None


def assess_complaint(
    complaint: ComplaintFacts, calendar: ServiceCalendar, as_of: Instant | None
) -> ComplaintStatus:
    filed, resolved = complaint.filed_at, complaint.resolved_at
    assert filed is not None
    settings = calendar.settings
    filed_local = calendar.to_local(filed)
    resolve_by = calendar.deadline(filed_local, settings.complaint_resolution_working_days)
    respond_by = calendar.deadline(filed_local, settings.complaint_response_working_days)
    overdue = is_late(resolved, resolve_by.timestamp(), as_of)
    response_overdue = is_late(first_response(complaint), respond_by.timestamp(), as_of)
    if resolved is None:
        return ComplaintStatus(complaint, overdue, response_overdue)
    working_days = calendar.working_days_between(
        filed_local.date(), calendar.date_of_timestamp(resolved)
    )
    days = (resolved - filed) / 86400
    return ComplaintStatus(complaint, overdue, response_overdue, days, working_days)


def complaint_figures(
    statuses: list[ComplaintStatus], as_of: Instant | None, calendar: ServiceCalendar
) -> dict[str, Any]:
    """filed, resolved, open, overdue, response_overdue, by_channel, median days."""
    complaints = [status.complaint for status in statuses]
    resolved = [status for status in statuses if status.days_to_resolution is not None]
    return {
        "filed": len(statuses),
        "resolved": len(resolved),
        "open": len(statuses) - len(resolved),
        "overdue": sum(status.overdue for status in statuses),
        "response_overdue": sum(status.response_overdue for status in statuses),
        "by_channel": dict(sorted(Counter(c.channel for c in complaints if c.channel).items())),
        "by_category": dict(sorted(Counter(c.category or "-" for c in complaints).items())),
        "median_days_to_resolution": median_or_none(
            [status.days_to_resolution or 0.0 for status in resolved]
        ),
        "median_working_days_to_resolution": median_or_none(
            [status.working_days_to_resolution or 0 for status in resolved]
        ),
        "as_of": calendar.to_local(as_of).isoformat() if as_of is not None else None,
    }
