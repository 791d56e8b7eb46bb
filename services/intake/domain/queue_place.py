"""A visit's place in the queue, as intake learns it from the queue's events.

The queue numbers a walk-in's ticket asynchronously (it reacts to intake's arrival);
intake records what the queue published so the receptionist sees the ticket number and
the visit's state without asking another service. One per visit, its id derived from
the visit id, so a redelivered event finds it.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate

WAITING = "waiting"
CALLED = "called"
IN_CONSULTATION = "in_consultation"
DONE = "done"
LEFT = "left"
STATES = (WAITING, CALLED, IN_CONSULTATION, DONE, LEFT)


class QueuePlace(OfficeAggregate):
    @staticmethod
    def id_for(visit_id: UUID | str) -> UUID:
        return uuid5(NAMESPACE_URL, f"pst:intake:queue-place:{visit_id}")

    @event("TicketAssigned")
    def __init__(
        self,
        id: UUID,  # the library takes the aggregate id by this name
        office_id: str,
        visit_id: str,
        queue: str,
        ticket: str | None,
        occurred_at: datetime,
    ) -> None:
        self.office_id = office_id
        self.visit_id = visit_id
        self.queue = queue
        self.ticket = ticket
        self.queued_at = occurred_at
        self.state = WAITING
        self.desk: str | None = None
        self.calls = 0
        self.changed_at = occurred_at

    def called(self, desk: str | None, occurred_at: datetime) -> None:
        if self.state in (DONE, LEFT):
            return
        self._moved(state=CALLED, desk=desk, call=True, occurred_at=occurred_at)

    def started(self, desk: str | None, occurred_at: datetime) -> None:
        if self.state in (DONE, LEFT):
            return
        self._moved(state=IN_CONSULTATION, desk=desk or self.desk, occurred_at=occurred_at)

    def transferred(self, occurred_at: datetime) -> None:
        if self.state in (DONE, LEFT):
            return
        self._moved(state=WAITING, desk=None, occurred_at=occurred_at)

    def ended(self, state: str, occurred_at: datetime) -> None:
        if self.state in (DONE, LEFT):
            return
        self._moved(state=state, desk=self.desk, occurred_at=occurred_at)

    @event("Moved")
    def _moved(
        self, state: str, desk: str | None, occurred_at: datetime, call: bool = False
    ) -> None:
        self.state = state
        self.desk = desk
        if call:
            self.calls += 1
        self.changed_at = occurred_at
