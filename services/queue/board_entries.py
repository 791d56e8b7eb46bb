"""The entries of the queue board: open tickets, officers, and the calls on the display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.queue.domain.officer import OFF_DUTY, ON_DUTY
from services.queue.domain.ticket import WAITING

WaitingKey = tuple[float, int, UUID]  # arrival instant, notification id, ticket id


@dataclass(slots=True)
class OpenTicket:
    ticket_id: UUID
    office_id: str
    visit_id: str
    queue: str
    channel: str
    number: str
    arrived_at: datetime
    seq: int  # notification id of the ticket's arrival: the tie-break of equal arrivals
    state: str = WAITING
    officer_id: str | None = None
    desk: str | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None

    @property
    def key(self) -> WaitingKey:
        return (self.arrived_at.timestamp(), self.seq, self.ticket_id)


@dataclass(slots=True)
class OfficerOnBoard:
    office_id: str
    officer_id: str
    status: str = OFF_DUTY
    desk: str | None = None
    serving: UUID | None = None
    since: datetime | None = None  # the last change of status
    last_completed_at: datetime | None = None

    @property
    def is_free(self) -> bool:
        """On duty (not on a break) with no ticket in hand: could call someone now."""
        return self.status == ON_DUTY and self.serving is None


@dataclass(frozen=True, slots=True)
class CallNotice:
    """A ticket being called: what the waiting-room display shows."""

    seq: int
    office_id: str
    ticket_id: UUID
    number: str
    queue: str
    desk: str | None
    officer_id: str
    called_at: datetime
    recall: bool
