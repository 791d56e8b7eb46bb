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
from services.feedback.domain.complaint_reference import ComplaintReference
from standard.calendar import ServiceCalendar
from standard.periods import Period

Overdue = Literal["response", "resolution"]
TOPICS = tuple(
    get_topic(cls)
    for cls in (
        Complaint.Filed,
        Complaint.Acknowledged,
        Complaint.Resolved,
        ComplaintReference.Allocated,
    )
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
    officer_id: str | None = None
    reference: str | None = None

    @property
    def status(self) -> str:
        if self.resolved_at is not None:
            return "resolved"
        return "acknowledged" if self.acknowledged_at is not None else "filed"


@dataclass(frozen=True)
class ComplaintFilters:
    """The inbox's filters; None lets everything through. `status` "open": not resolved."""

    status: str | None = None
    channel: str | None = None
    officer_id: str | None = None
    period: Period | None = None  # office-local date of filing
    overdue: bool | None = None  # applied with the deadlines, by the application

    def admits(self, entry: ComplaintEntry, calendar: ServiceCalendar) -> bool:
        if self.status == "open" and entry.resolved_at is not None:
            return False
        if self.status not in (None, "open") and entry.status != self.status:
            return False
        if self.channel is not None and entry.channel != self.channel:
            return False
        if self.officer_id is not None and entry.officer_id != self.officer_id:
            return False
        return self.period is None or calendar.local_date(entry.filed_at) in self.period


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
        self._last_number: dict[tuple[str, int], int] = {}

    def all_complaints(self, office_id: str) -> list[ComplaintEntry]:
        """Every complaint of the office, newest first (in the log's order for equal times)."""
        with self._lock:
            self.catch_up()
            found = [entry for entry in self._entries.values() if entry.office_id == office_id]
        # newest first; filed at the same moment, the one recorded last first
        return sorted(reversed(found), key=lambda entry: entry.filed_at, reverse=True)

    def last_number(self, office_id: str, year: int) -> int:
        """The highest reference number of the office and year recorded so far (0: none)."""
        with self._lock:
            self.catch_up()
            return self._last_number.get((office_id, year), 0)

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
                officer_id=event.officer_id,
                reference=getattr(event, "reference", None),
            )
            return
        if isinstance(event, ComplaintReference.Allocated):
            key = (event.office_id, event.year)
            self._last_number[key] = max(self._last_number.get(key, 0), event.sequence)
            return
        entry = self._entries.get(complaint_id)
        if entry is None:
            return
        if isinstance(event, Complaint.Acknowledged):
            self._entries[complaint_id] = replace(entry, acknowledged_at=event.occurred_at)
        elif isinstance(event, Complaint.Resolved):
            self._entries[complaint_id] = replace(entry, resolved_at=event.occurred_at)


@dataclass(frozen=True)
class Step:
    step: Literal["filed", "first_response", "resolution"]
    label: str
    due: datetime | None
    done_at: datetime | None
    late: bool


def timeline(
    filed_at: datetime,
    acknowledged_at: datetime | None,
    resolved_at: datetime | None,
    deadlines: Deadlines,
    as_of: datetime,
) -> list[Step]:
    """Filing, first response (acknowledgement, or the resolution when it came first) and
    resolution, each with its deadline on the service calendar and whether it is late."""
    answered = min((at for at in (acknowledged_at, resolved_at) if at is not None), default=None)

    def late(done: datetime | None, due: datetime) -> bool:
        return done > due if done is not None else as_of > due

    return [
        Step("filed", "Pengaduan diterima", None, filed_at, False),
        Step(
            "first_response",
            "Tanggapan pertama",
            deadlines.respond_by,
            answered,
            late(answered, deadlines.respond_by),
        ),
        Step(
            "resolution",
            "Penyelesaian",
            deadlines.resolve_by,
            resolved_at,
            late(resolved_at, deadlines.resolve_by),
        ),
    ]
