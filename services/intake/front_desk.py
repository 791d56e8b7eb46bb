"""The reception desk's day: every walk-in of an office-day with its card and queue state.

A projection of intake's own notification log (like `custody.CardCustody`): the walk-in
arrivals, their identity cards, guest books and departures, and what intake learned of
their tickets from the queue (`domain.queue_place`). Names are looked up when asked, so
nothing personal is copied into memory beyond the store's own records.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from infra.follower import LogView
from services.intake.domain.queue_place import QueuePlace
from services.intake.domain.visit import Visit


@dataclass(frozen=True)
class DeskRow:
    visit_id: UUID
    office_id: str
    visitor_ref: str
    arrived_at: datetime
    document_type: str | None = None
    document_last4: str | None = None
    card_returned_at: datetime | None = None
    guest_book_signed: bool = False
    departed_at: datetime | None = None
    ticket: str | None = None
    queue_state: str | None = None
    desk: str | None = None

    @property
    def card_held(self) -> bool:
        return self.document_last4 is not None and self.card_returned_at is None


EVENTS = (
    Visit.Arrived,  # type: ignore[attr-defined]
    Visit.IdentityCardDeposited,  # type: ignore[attr-defined]
    Visit.IdentityCardReturned,  # type: ignore[attr-defined]
    Visit.GuestBookSigned,  # type: ignore[attr-defined]
    Visit.Departed,  # type: ignore[attr-defined]
    QueuePlace.TicketAssigned,  # type: ignore[attr-defined]
    QueuePlace.Moved,  # type: ignore[attr-defined]
)


class FrontDesk(LogView):
    def __init__(self, app: Application[Any]) -> None:
        super().__init__(app, tuple(get_topic(kind) for kind in EVENTS))
        self.rows: dict[UUID, DeskRow] = {}
        self._pending: dict[UUID, dict[str, Any]] = {}  # queue news before the arrival
        self._places: dict[UUID, UUID] = {}  # queue place id -> visit id

    def walk_ins(self, office_id: str, start: datetime, end: datetime) -> list[DeskRow]:
        """The office's walk-ins that arrived in [start, end), in arrival order."""
        with self.lock:
            self.catch_up()
            found = [
                row
                for row in self.rows.values()
                if row.office_id == office_id and start <= row.arrived_at < end
            ]
        return sorted(found, key=lambda row: row.arrived_at)

    def row(self, visit_id: UUID) -> DeskRow | None:
        with self.lock:
            self.catch_up()
            return self.rows.get(visit_id)

    def apply(self, domain_event: Any, position: int) -> None:
        if isinstance(domain_event, Visit.Arrived):  # type: ignore[attr-defined]
            if domain_event.channel != "walk_in":
                return
            visit_id = domain_event.originator_id
            arrival = DeskRow(
                visit_id=visit_id,
                office_id=domain_event.office_id,
                visitor_ref=domain_event.visitor_ref,
                arrived_at=domain_event.occurred_at,
            )
            self.rows[visit_id] = replace(arrival, **self._pending.pop(visit_id, {}))
            return
        if isinstance(domain_event, (QueuePlace.TicketAssigned, QueuePlace.Moved)):  # type: ignore[attr-defined]
            self._queue_news(domain_event)
            return
        visit_id = domain_event.originator_id
        row = self.rows.get(visit_id)
        if row is None:
            return
        if isinstance(domain_event, Visit.IdentityCardDeposited):  # type: ignore[attr-defined]
            row = replace(
                row,
                document_type=domain_event.document_type,
                document_last4=domain_event.last4,
                card_returned_at=None,
            )
        elif isinstance(domain_event, Visit.IdentityCardReturned):  # type: ignore[attr-defined]
            row = replace(row, card_returned_at=domain_event.occurred_at)
        elif isinstance(domain_event, Visit.GuestBookSigned):  # type: ignore[attr-defined]
            row = replace(row, guest_book_signed=True)
        elif isinstance(domain_event, Visit.Departed):  # type: ignore[attr-defined]
            row = replace(row, departed_at=domain_event.occurred_at)
        self.rows[visit_id] = row

    def _queue_news(self, domain_event: Any) -> None:
        if isinstance(domain_event, QueuePlace.TicketAssigned):  # type: ignore[attr-defined]
            visit_id = UUID(str(domain_event.visit_id))
            self._places[domain_event.originator_id] = visit_id
            news: dict[str, Any] = {"ticket": domain_event.ticket, "queue_state": "waiting"}
        else:
            found = self._places.get(domain_event.originator_id)
            if found is None:
                return
            visit_id = found
            news = {"queue_state": domain_event.state, "desk": domain_event.desk}
        row = self.rows.get(visit_id)
        if row is None:
            self._pending.setdefault(visit_id, {}).update(news)
        else:
            self.rows[visit_id] = replace(row, **news)
