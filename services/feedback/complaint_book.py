"""Open complaints and their deadlines: a small read model folded from feedback's own log.

Deadlines are working days on the office's service calendar (SERVICE-STANDARD.md,
"Complaints"), ending at closing time: first response (acknowledgement) within 3,
resolution within 5 by default (per-office settings). A complaint is overdue when it was
not acknowledged by its response deadline, or not resolved by its resolution deadline.
The book reads only complaint events (by topic), so survey comments are never decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from infra.follower import LogView
from services.feedback.domain.complaint import Complaint
from standard.calendar import ServiceCalendar

Overdue = Literal["response", "resolution"]
TOPICS = tuple(
    get_topic(cls) for cls in (Complaint.Filed, Complaint.Acknowledged, Complaint.Resolved)
)


@dataclass(frozen=True)
class Deadlines:
    respond_by: datetime
    resolve_by: datetime


@dataclass(frozen=True)
class ComplaintEntry:
    complaint_id: UUID
    office_id: str
    channel: str
    kind: str
    category: str
    filed_at: datetime
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class OverdueComplaint:
    entry: ComplaintEntry
    deadlines: Deadlines
    overdue: tuple[Overdue, ...]


def deadlines_for(calendar: ServiceCalendar, filed_at: datetime) -> Deadlines:
    settings = calendar.settings
    return Deadlines(
        respond_by=calendar.deadline(filed_at, settings.complaint_response_working_days),
        resolve_by=calendar.deadline(filed_at, settings.complaint_resolution_working_days),
    )


def overdue_reasons(
    entry: ComplaintEntry, deadlines: Deadlines, as_of: datetime
) -> tuple[Overdue, ...]:
    reasons: list[Overdue] = []
    answered = entry.acknowledged_at is not None or entry.resolved_at is not None
    if not answered and as_of > deadlines.respond_by:
        reasons.append("response")
    if entry.resolved_at is None and as_of > deadlines.resolve_by:
        reasons.append("resolution")
    return tuple(reasons)


class ComplaintBook(LogView):
    """Every complaint's codes and times, caught up from the notification log on each read."""

    def __init__(self, app: Application[Any]) -> None:
        super().__init__(app, TOPICS)
        self._entries: dict[UUID, ComplaintEntry] = {}

    def open_complaints(self, office_id: str) -> list[ComplaintEntry]:
        with self._lock:
            self.catch_up()
            found = [
                entry
                for entry in self._entries.values()
                if entry.office_id == office_id and entry.resolved_at is None
            ]
        return sorted(found, key=lambda entry: (entry.filed_at, str(entry.complaint_id)))

    def apply(self, event: Any, position: int) -> None:
        complaint_id = event.originator_id
        if isinstance(event, Complaint.Filed):
            self._entries[complaint_id] = ComplaintEntry(
                complaint_id=complaint_id,
                office_id=event.office_id,
                channel=event.channel,
                kind=event.kind,
                category=event.category,
                filed_at=event.occurred_at,
            )
            return
        entry = self._entries.get(complaint_id)
        if entry is None:
            return
        if isinstance(event, Complaint.Acknowledged):
            self._entries[complaint_id] = replace(entry, acknowledged_at=event.occurred_at)
        elif isinstance(event, Complaint.Resolved):
            self._entries[complaint_id] = replace(entry, resolved_at=event.occurred_at)
