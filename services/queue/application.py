"""The queue use cases: officers' duty, serving tickets, and what the queue looks like.

Each command loads, calls one command on each aggregate it changes, and saves them
together: the library checks every aggregate's version, so a step that raced with
another (two officers calling the same visitor, an officer calling twice at once) fails
with IntegrityError instead of being applied twice. Call-next retries with the next
candidate; other steps report a 409 and the caller reloads.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, ProcessRecorder

from infra.visit_links import VisitLinks
from services.queue.board import QueueBoard
from services.queue.board_entries import OfficerOnBoard
from services.queue.domain.errors import (
    OfficerNotFound,
    OfficerStateConflict,
    QueueEmpty,
    QueueRuleBroken,
    TicketNotFound,
    TicketStateConflict,
)
from services.queue.domain.ids import officer_id_for
from services.queue.domain.officer import Officer
from services.queue.domain.ticket import QUEUES, WAITING, Ticket
from services.queue.domain.ticket_roll import TicketRoll
from services.queue.views import BoardView, WaitingList, alerts, waiting_list
from standard.directory import OfficeDirectory
from standard.errors import OfficeCheck, anyone, ensure_office

DutyChangeKind = Literal["sign_off", "start_break", "end_break"]
log = logging.getLogger(__name__)

CALL_NEXT_ATTEMPTS = 50
A = TypeVar("A")


class QueueApplication(Application[UUID]):
    name = "queue"
    # An officer records two events per visitor and a roll one per ticket: snapshots keep
    # loading them cheap however long the day (tickets live for a handful of events).
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Officer: 20, TicketRoll: 50}
    # Officers and open tickets are loaded at every step: cached, then fast-forwarded with
    # the events stored since (by any process), so a load is one small query.
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "5000"}

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        offices: OfficeDirectory | None = None,
        links: VisitLinks | None = None,
    ) -> None:
        super().__init__(env)
        self.offices = offices or OfficeDirectory()
        self.links = links  # checks a visitor's own link (their ticket's QR code)
        self.board = QueueBoard(self)
        self.call_conflicts = 0  # version conflicts call-next retried (a measure of contention)

    def construct_recorder(self) -> ProcessRecorder:
        # A process recorder also keeps tracking rows: the consumer's and relay's positions.
        return self.factory.process_recorder()

    # --- officers' duty ---------------------------------------------------------------

    def sign_on(
        self,
        office_id: str,
        officer_id: str,
        desk: str | None,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Officer:
        ensure_office(may_act_for, office_id)
        try:
            officer = self.get_officer(office_id, officer_id)
        except OfficerNotFound:
            enrolled_at = occurred_at or datetime.now(UTC)
            officer = Officer(office_id=office_id, officer_id=officer_id, occurred_at=enrolled_at)
        officer.sign_on(desk, occurred_at)
        return self._saved(officer)

    def change_duty(
        self,
        change: DutyChangeKind,
        office_id: str,
        officer_id: str,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Officer:
        """Sign off, start or end a break (the officer's own rules say when each may be)."""
        ensure_office(may_act_for, office_id)
        officer = self.get_officer(office_id, officer_id)
        getattr(officer, change)(occurred_at)
        return self._saved(officer)

    # --- serving ----------------------------------------------------------------------

    def call_next(
        self,
        office_id: str,
        queue: str,
        officer_id: str,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        """Call the oldest waiting ticket of `queue`; on a lost race, the next one."""
        ensure_office(may_act_for, office_id)
        check_queue(queue)
        skipped: set[UUID] = set()
        spread = 1  # strictly the oldest, until a race is lost
        for _ in range(CALL_NEXT_ATTEMPTS):
            officer = self.get_officer(office_id, officer_id)
            officer.check_on_duty()
            officer.check_hands_free(("memanggil", "call next"))
            self.board.catch_up()
            candidate = self.board.oldest_waiting(office_id, queue, skipped, spread)
            if candidate is None:
                raise QueueEmpty(
                    "queue", f"tidak ada pengunjung menunggu / nobody waits in {queue}"
                )
            called = self._call(candidate, officer, occurred_at)
            if called is not None:
                return called
            # Someone else called it (or this officer, twice): the officers racing now
            # spread over as many of the oldest tickets as there are officers on duty.
            skipped.add(candidate)
            spread = max(1, self.board.officers_on_duty(office_id))
        raise TicketStateConflict(
            "queue", "terlalu banyak panggilan serentak; coba lagi / too much contention, retry"
        )

    def _call(
        self, ticket_id: UUID, officer: Officer, occurred_at: datetime | None
    ) -> Ticket | None:
        """The ticket called by the officer, or None when another call got there first."""
        ticket = self.get_ticket(ticket_id)
        if ticket.state != WAITING:  # the board had not seen that call yet
            return None
        ticket.call(officer.officer_id, officer.desk, occurred_at)
        officer.take(ticket.id, ticket.called_at)
        try:
            self.save(ticket, officer)
        except IntegrityError:
            self.call_conflicts += 1
            return None
        return ticket

    def recall(
        self,
        office_id: str,
        ticket_id: UUID,
        officer_id: str,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        ensure_office(may_act_for, office_id)
        ticket = self.get_ticket(ticket_id, office_id)
        ticket.recall(officer_id, occurred_at)
        return self._saved(ticket)

    def start(
        self,
        office_id: str,
        ticket_id: UUID,
        officer_id: str,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        ensure_office(may_act_for, office_id)
        ticket = self.get_ticket(ticket_id, office_id)
        ticket.start(officer_id, occurred_at)
        self.serving_officer(office_id, officer_id, ticket.id)
        return self._saved(ticket)

    def complete(
        self,
        office_id: str,
        ticket_id: UUID,
        officer_id: str,
        outcome: dict[str, Any],
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        ensure_office(may_act_for, office_id)
        ticket = self.get_ticket(ticket_id, office_id)
        ticket.complete(
            officer_id,
            data_provided=outcome["data_provided"],
            topics=tuple(outcome.get("topics", ())),
            follow_up=outcome["follow_up"],
            occurred_at=occurred_at,
        )
        officer = self.serving_officer(office_id, officer_id, ticket.id)
        officer.release(ticket.id, ticket.completed_at)
        return self._saved(ticket, officer)

    def transfer(
        self,
        office_id: str,
        ticket_id: UUID,
        officer_id: str,
        to_officer_id: str,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        ensure_office(may_act_for, office_id)
        ticket = self.get_ticket(ticket_id, office_id)
        try:
            taker: Officer | None = self.get_officer(office_id, to_officer_id)
        except OfficerNotFound:
            taker = None
        ticket.transfer(officer_id, to_officer_id, taker.desk if taker else None, occurred_at)
        giver = self.serving_officer(office_id, officer_id, ticket.id)
        giver.release(ticket.id, ticket.last_at)
        if taker is None:
            raise OfficerStateConflict(
                "to_officer_id", f"{to_officer_id} belum pernah masuk tugas / never signed on"
            )
        try:
            taker.take(ticket.id, ticket.last_at)
        except OfficerStateConflict as exc:
            raise OfficerStateConflict("to_officer_id", exc.reason) from None
        return self._saved(ticket, giver, taker)

    def abandon(
        self,
        office_id: str,
        ticket_id: UUID,
        reason: str,
        officer_id: str | None,
        occurred_at: datetime | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> Ticket:
        """No-show or left; a called ticket by the officer holding it, who is released."""
        ensure_office(may_act_for, office_id)
        ticket = self.get_ticket(ticket_id, office_id)
        holder = ticket.holder
        ticket.abandon(reason, officer_id, occurred_at)
        if holder is None:
            return self._saved(ticket)
        officer = self.get_officer(office_id, holder)
        officer.release(ticket.id, ticket.last_at)
        return self._saved(ticket, officer)

    # --- reads ------------------------------------------------------------------------

    def get_ticket(
        self, ticket_id: UUID, office_id: str | None = None, *, may_act_for: OfficeCheck = anyone
    ) -> Ticket:
        try:
            found: Any = self.repository.get(ticket_id)
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, Ticket) or office_id not in (None, found.office_id):
            raise TicketNotFound("ticket_id", f"tiket tidak ditemukan / no ticket {ticket_id}")
        ensure_office(may_act_for, found.office_id)
        return found

    def officers_view(
        self, office_id: str, *, may_act_for: OfficeCheck = anyone
    ) -> list[OfficerOnBoard]:
        ensure_office(may_act_for, office_id)
        self.board.catch_up()
        return self.board.officers(office_id)

    def get_officer(self, office_id: str, officer_id: str) -> Officer:
        try:
            officer: Officer = self.repository.get(officer_id_for(office_id, officer_id))
        except AggregateNotFoundError:
            raise OfficerNotFound(
                "officer_id",
                f"petugas {officer_id} belum pernah masuk tugas / has never signed on",
            ) from None
        return officer

    def serving_officer(self, office_id: str, officer_id: str, ticket_id: UUID) -> Officer:
        """The officer, who must be on duty and hold this ticket."""
        officer = self.get_officer(office_id, officer_id)
        officer.check_on_duty()
        if officer.serving != ticket_id:
            raise OfficerStateConflict(
                "officer_id", "petugas tidak memegang tiket ini / the officer does not hold it"
            )
        return officer

    def waiting_list(
        self,
        office_id: str,
        queue: str,
        at: datetime | None = None,
        viewer: str | None = None,
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> WaitingList:
        ensure_office(may_act_for, office_id)
        check_queue(queue)
        self.board.catch_up()
        officers = self.board.officers(office_id)
        seen_by = self.board.officer(office_id, viewer) if viewer else None
        return waiting_list(
            office_id,
            queue,
            self.board.waiting(office_id, queue),
            officers,
            seen_by,
            self.board.mean_service_minutes(office_id),
            at or datetime.now(UTC),
            self.offices.calendar(office_id),
            self.offices.settings(office_id),
        )

    def board_view(
        self, office_id: str, at: datetime | None = None, *, may_act_for: OfficeCheck = anyone
    ) -> BoardView:
        ensure_office(may_act_for, office_id)
        moment = at or datetime.now(UTC)
        walk_ins = self.waiting_list(office_id, "offline", moment)
        officers = self.board.officers(office_id)
        office_open = self.offices.calendar(office_id).is_open(moment)
        counts = {queue: 0 for queue in QUEUES} | self.board.waiting_counts(office_id)
        return BoardView(
            office_id=office_id,
            at=moment,
            office_open=office_open,
            officers_on_duty=walk_ins.officers_on_duty,
            alerts=alerts(office_open, officers, walk_ins.entries),
            waiting=counts,
            in_service=self.board.in_service(office_id),
            recent_calls=self.board.recent_calls(office_id),
            position=self.board.position,
        )

    # --- saving -----------------------------------------------------------------------

    def _saved(self, first: A, *others: Any) -> A:
        try:
            self.save(first, *others)  # type: ignore[arg-type]
        except IntegrityError:
            raise TicketStateConflict(
                "ticket_id",
                "diubah bersamaan oleh orang lain; muat ulang lalu coba lagi / "
                "changed concurrently; reload and retry",
            ) from None
        return first


def check_queue(queue: str) -> None:
    if queue not in QUEUES:
        raise QueueRuleBroken("queue", f"harus salah satu dari / must be one of {QUEUES}")
