"""The TicketRoll aggregate: the numbered tickets of one office's queue on one day.

Ticket numbers (A-001 walk-in, O-001 online) restart every office-local day. The roll's
version is the count of numbers issued, so two arrivals numbered at the same moment by
two consumers collide on the roll's version (the library's IntegrityError) and the loser
retries with the next number: numbers are gapless and never issued twice.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from services.queue.domain.ids import roll_id_for
from standard.aggregate import OfficeAggregate

PREFIXES = {"offline": "A", "online": "O"}


class TicketRoll(OfficeAggregate):
    day: str
    queue: str
    issued: int

    @staticmethod
    def create_id(office_id: str, day: str, queue: str) -> UUID:
        return roll_id_for(office_id, day, queue)

    @event("Opened")
    def __init__(self, office_id: str, day: str, queue: str, occurred_at: datetime) -> None:
        self.office_id = office_id
        self.day = day  # office-local ISO date
        self.queue = queue
        self.issued = 0

    def issue(self, occurred_at: datetime) -> str:
        """The next number of the roll, e.g. A-007."""
        self._issued(occurred_at=occurred_at)
        return f"{PREFIXES[self.queue]}-{self.issued:03d}"

    @event("Issued")
    def _issued(self, occurred_at: datetime) -> None:
        self.issued += 1
