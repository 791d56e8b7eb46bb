"""The queue board: an in-process read model of the open tickets and the officers.

The board follows the queue's own notification log: `catch_up()` applies whatever was
recorded since its position, by this process or any other, so every API process keeps a
correct board (rebuilt from the store at start, then incremental). It is a hint for
choosing whom to call next; the ticket's version check decides who gets the visitor.
Finished tickets leave the board, so it stays as small as the day's open queue.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from infra.follower import LogView
from services.queue.board_entries import CallNotice, OfficerOnBoard, OpenTicket, WaitingKey
from services.queue.domain.officer import OFF_DUTY, ON_BREAK, ON_DUTY, Officer
from services.queue.domain.ticket import CALLED, IN_CONSULTATION, WAITING, Ticket


class QueueBoard(LogView):
    def __init__(self, app: Application[Any], recent_calls: int = 500) -> None:
        super().__init__(app)
        self._tickets: dict[UUID, OpenTicket] = {}
        self._waiting: dict[tuple[str, str], list[WaitingKey]] = defaultdict(list)
        self._officers: dict[tuple[str, str], OfficerOnBoard] = {}
        self._officer_keys: dict[UUID, tuple[str, str]] = {}
        self._service_minutes: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=30))
        self._calls: deque[CallNotice] = deque(maxlen=recent_calls)
        self._apply_by_type: dict[type, Callable[[Any, int], None]] = {
            Ticket.Queued: self._queued,
            Ticket.Called: self._called,
            Ticket.Recalled: self._recalled,
            Ticket.Started: self._started,
            Ticket.Completed: self._completed,
            Ticket.Transferred: self._transferred,
            Ticket.Abandoned: self._abandoned,
            Officer.Enrolled: self._enrolled,
            Officer.SignedOn: self._duty(ON_DUTY),
            Officer.SignedOff: self._duty(OFF_DUTY),
            Officer.BreakStarted: self._duty(ON_BREAK),
            Officer.BreakEnded: self._duty(ON_DUTY),
            Officer.TookTicket: self._took,
            Officer.ReleasedTicket: self._released,
        }

    # --- following the log ------------------------------------------------------------

    def apply(self, event: Any, position: int) -> None:
        apply = self._apply_by_type.get(type(event))
        if apply is not None:
            apply(event, position)

    # --- questions --------------------------------------------------------------------

    def oldest_waiting(
        self, office_id: str, queue: str, skip: Iterable[UUID] = (), spread: int = 1
    ) -> UUID | None:
        """The oldest waiting ticket not in `skip`; with `spread` > 1, one of that many
        oldest at random (after a lost race, so racing officers stop colliding)."""
        skipped = set(skip)
        found: list[UUID] = []
        with self._lock:
            for _, _, ticket_id in self._waiting.get((office_id, queue), ()):
                if ticket_id not in skipped:
                    found.append(ticket_id)
                    if len(found) == spread:
                        break
        return random.choice(found) if found else None

    def officers_on_duty(self, office_id: str) -> int:
        with self._lock:
            return sum(
                o.status == ON_DUTY
                for (office, _), o in self._officers.items()
                if office == office_id
            )

    def waiting(self, office_id: str, queue: str) -> list[OpenTicket]:
        """The waiting tickets of a queue, oldest first (copies)."""
        with self._lock:
            keys = self._waiting.get((office_id, queue), [])
            return [replace(self._tickets[key[2]]) for key in keys]

    def waiting_counts(self, office_id: str) -> dict[str, int]:
        with self._lock:
            return {
                queue: len(keys)
                for (office, queue), keys in self._waiting.items()
                if office == office_id
            }

    def in_service(self, office_id: str) -> list[OpenTicket]:
        """Called and started tickets of the office, latest call first (copies)."""
        with self._lock:
            found = [
                replace(ticket)
                for ticket in self._tickets.values()
                if ticket.office_id == office_id and ticket.state in (CALLED, IN_CONSULTATION)
            ]
        return sorted(found, key=lambda t: t.called_at or t.arrived_at, reverse=True)

    def officers(self, office_id: str) -> list[OfficerOnBoard]:
        with self._lock:
            found = [replace(o) for (office, _), o in self._officers.items() if office == office_id]
        return sorted(found, key=lambda o: o.officer_id)

    def officer(self, office_id: str, officer_id: str) -> OfficerOnBoard | None:
        with self._lock:
            found = self._officers.get((office_id, officer_id))
            return replace(found) if found else None

    def mean_service_minutes(self, office_id: str) -> float | None:
        with self._lock:
            samples = list(self._service_minutes.get(office_id, ()))
        return sum(samples) / len(samples) if samples else None

    def calls_since(self, office_id: str, seq: int, limit: int = 100) -> list[CallNotice]:
        with self._lock:
            found = [c for c in self._calls if c.seq > seq and c.office_id == office_id]
        return found[:limit]

    def recent_calls(self, office_id: str, count: int = 5) -> list[CallNotice]:
        with self._lock:
            found = [c for c in self._calls if c.office_id == office_id]
        return found[-count:][::-1]

    # --- tickets ----------------------------------------------------------------------

    def _queued(self, event: Any, seq: int) -> None:
        ticket = OpenTicket(
            ticket_id=event.originator_id,
            office_id=event.office_id,
            visit_id=event.visit_id,
            queue=event.queue,
            channel=event.channel,
            number=event.number,
            arrived_at=event.occurred_at,
            seq=seq,
        )
        self._tickets[ticket.ticket_id] = ticket
        bisect.insort(self._waiting[(ticket.office_id, ticket.queue)], ticket.key)

    def _called(self, event: Any, seq: int) -> None:
        ticket = self._tickets.get(event.originator_id)
        if ticket is None:
            return
        self._leave_waiting(ticket)
        ticket.state, ticket.officer_id, ticket.desk = CALLED, event.officer_id, event.desk
        ticket.called_at = event.occurred_at
        self._announce(ticket, event, seq, recall=False)

    def _recalled(self, event: Any, seq: int) -> None:
        ticket = self._tickets.get(event.originator_id)
        if ticket is not None:
            self._announce(ticket, event, seq, recall=True)

    def _started(self, event: Any, seq: int) -> None:
        ticket = self._tickets.get(event.originator_id)
        if ticket is not None:
            ticket.state, ticket.started_at = IN_CONSULTATION, event.occurred_at

    def _completed(self, event: Any, seq: int) -> None:
        ticket = self._tickets.pop(event.originator_id, None)
        officer = self._officers.get((event.office_id, event.officer_id))
        if officer is not None:
            last = officer.last_completed_at
            officer.last_completed_at = max(last, event.occurred_at) if last else event.occurred_at
        if ticket is not None and ticket.started_at is not None:
            minutes = (event.occurred_at - ticket.started_at).total_seconds() / 60
            self._service_minutes[event.office_id].append(max(minutes, 0.0))

    def _transferred(self, event: Any, seq: int) -> None:
        ticket = self._tickets.get(event.originator_id)
        if ticket is not None:
            ticket.officer_id, ticket.desk = event.to_officer_id, event.desk

    def _abandoned(self, event: Any, seq: int) -> None:
        ticket = self._tickets.pop(event.originator_id, None)
        if ticket is not None:
            self._leave_waiting(ticket)

    def _leave_waiting(self, ticket: OpenTicket) -> None:
        if ticket.state != WAITING:
            return
        keys = self._waiting[(ticket.office_id, ticket.queue)]
        index = bisect.bisect_left(keys, ticket.key)
        if index < len(keys) and keys[index] == ticket.key:
            del keys[index]

    def _announce(self, ticket: OpenTicket, event: Any, seq: int, recall: bool) -> None:
        self._calls.append(
            CallNotice(
                seq=seq,
                office_id=ticket.office_id,
                ticket_id=ticket.ticket_id,
                number=ticket.number,
                queue=ticket.queue,
                desk=event.desk,
                officer_id=event.officer_id,
                called_at=event.occurred_at,
                recall=recall,
            )
        )

    # --- officers ---------------------------------------------------------------------

    def _enrolled(self, event: Any, seq: int) -> None:
        key = (event.office_id, event.officer_id)
        self._officer_keys[event.originator_id] = key
        self._officers.setdefault(key, OfficerOnBoard(event.office_id, event.officer_id))

    def _officer_of(self, event: Any) -> OfficerOnBoard | None:
        key = self._officer_keys.get(event.originator_id)
        return self._officers.get(key) if key else None

    def _duty(self, status: str) -> Callable[[Any, int], None]:
        def apply(event: Any, seq: int) -> None:
            officer = self._officer_of(event)
            if officer is None:
                return
            officer.status, officer.since = status, event.occurred_at
            if status == OFF_DUTY:
                officer.desk = None
            elif hasattr(event, "desk"):
                officer.desk = event.desk

        return apply

    def _took(self, event: Any, seq: int) -> None:
        officer = self._officer_of(event)
        if officer is not None:
            officer.serving = event.ticket_id

    def _released(self, event: Any, seq: int) -> None:
        officer = self._officer_of(event)
        if officer is not None:
            officer.serving = None
