"""Complaint deadlines: working days on the service calendar (weekends, holidays, cuti bersama)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from services.feedback.complaint_book import ComplaintEntry, deadlines_for, overdue_reasons
from standard.calendar import ServiceCalendar
from standard.office import BLITAR

CALENDAR = ServiceCalendar(BLITAR)
# Tuesday; then Nyepi and Eid al-Fitr close the office from Wed 18 to Tue 24 March 2026.
FILED = datetime.fromisoformat("2026-03-17T10:00:00+07:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def entry(**times: Any) -> ComplaintEntry:
    return ComplaintEntry(uuid4(), "3572", "phone", "complaint", "lainnya", FILED, **times)


def test_deadlines_skip_weekends_national_holidays_and_joint_leave() -> None:
    deadlines = deadlines_for(CALENDAR, FILED)
    assert deadlines.respond_by == at("2026-03-27T16:00:00+07:00")  # Friday's closing
    assert deadlines.resolve_by == at("2026-03-31T15:30:00+07:00")


def test_an_unanswered_complaint_is_overdue_only_after_the_response_deadline() -> None:
    deadlines = deadlines_for(CALENDAR, FILED)
    assert overdue_reasons(entry(), deadlines, at("2026-03-27T15:59:00+07:00")) == ()
    assert overdue_reasons(entry(), deadlines, at("2026-03-27T16:01:00+07:00")) == ("response",)


def test_an_acknowledged_complaint_is_overdue_once_not_resolved_in_five_working_days() -> None:
    deadlines = deadlines_for(CALENDAR, FILED)
    acknowledged = entry(acknowledged_at=at("2026-03-25T09:00:00+07:00"))
    assert overdue_reasons(acknowledged, deadlines, at("2026-03-31T15:00:00+07:00")) == ()
    late = at("2026-04-01T08:00:00+07:00")
    assert overdue_reasons(acknowledged, deadlines, late) == ("resolution",)
    assert overdue_reasons(entry(), deadlines, late) == ("response", "resolution")
