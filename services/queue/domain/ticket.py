"""The Ticket aggregate: one visit's place in a queue, from waiting to completed or abandoned.

    waiting -> called -> in_consultation -> completed
       |         |  ^ recall / transfer        ^ transfer
       +---------+--> abandoned (no_show, left, cancelled)

Recall, no-show and left are walk-in steps: an online ticket refuses them (422, naming
the field) and is only cancelled; its visitor is answered in intake's conversation.

The ticket's id derives from the visit id, so a redelivered arrival is the same ticket.
The officer who holds a called or started ticket is the only one who may recall, start,
complete, transfer or abandon it (a supervisor acts on that officer's behalf).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import event

from services.queue.domain.errors import QueueRuleBroken, TicketStateConflict
from services.queue.domain.ids import ticket_id_for
from services.queue.domain.timeline import next_moment
from standard.aggregate import OfficeAggregate

WAITING = "waiting"
CALLED = "called"
IN_CONSULTATION = "in_consultation"
COMPLETED = "completed"
ABANDONED = "abandoned"
QUEUES = ("offline", "online")
ABANDON_REASONS = ("no_show", "left", "cancelled")
# Walk-in steps: a visitor at the office is recalled, fails to show up or leaves. An online
# visitor is answered in the conversation (intake), closed as answered or unreachable.
WALK_IN_REASONS = ("no_show", "left")
ONLINE_REASON = "cancelled"

# Why a step does not fit a state: (Bahasa Indonesia, English).
STATE_TEXT: dict[str, tuple[str, str]] = {
    WAITING: ("tiket masih menunggu", "the ticket is still waiting"),
    CALLED: ("tiket sudah dipanggil", "the ticket has already been called"),
    IN_CONSULTATION: ("konsultasi sudah dimulai", "the consultation has already started"),
    COMPLETED: ("konsultasi sudah selesai", "the consultation is already completed"),
    ABANDONED: ("kunjungan sudah dibatalkan", "the visit is already abandoned"),
}
# A step that needs a later state than the ticket's says what has not happened yet.
PROGRESS = (WAITING, CALLED, IN_CONSULTATION, COMPLETED)
NOT_YET: dict[str, tuple[str, str]] = {
    CALLED: ("tiket belum dipanggil", "the ticket has not been called yet"),
    IN_CONSULTATION: ("konsultasi belum dimulai", "the consultation has not started yet"),
}


class Ticket(OfficeAggregate):
    # Event classes the @event decorators create, declared for type checkers.
    Queued: ClassVar[type[OfficeAggregate.Event]]
    Called: ClassVar[type[OfficeAggregate.Event]]
    Recalled: ClassVar[type[OfficeAggregate.Event]]
    Started: ClassVar[type[OfficeAggregate.Event]]
    Completed: ClassVar[type[OfficeAggregate.Event]]
    Transferred: ClassVar[type[OfficeAggregate.Event]]
    Abandoned: ClassVar[type[OfficeAggregate.Event]]

    visit_id: str
    queue: str
    channel: str
    number: str
    state: str
    officer_id: str | None
    desk: str | None

    @staticmethod
    def create_id(visit_id: str) -> UUID:
        return ticket_id_for(visit_id)

    @event("Queued")
    def __init__(
        self,
        office_id: str,
        visit_id: str,
        queue: str,
        channel: str,
        number: str,
        occurred_at: datetime,
    ) -> None:
        self.office_id = office_id
        self.visit_id = visit_id
        self.queue = queue
        self.channel = channel
        self.number = number
        self.arrived_at = occurred_at
        self.last_at = occurred_at
        self.state = WAITING
        self.officer_id = None
        self.desk = None
        self.called_at: datetime | None = None
        self.started_at: datetime | None = None
        self.completed_at: datetime | None = None
        self.outcome: dict[str, Any] | None = None
        self.abandon_reason: str | None = None

    # --- commands ---------------------------------------------------------------------

    def call(self, officer_id: str, desk: str | None, occurred_at: datetime | None = None) -> None:
        self.check_state((WAITING,), ("memanggil", "call it"))
        self._called(
            visit_id=self.visit_id,
            officer_id=officer_id,
            desk=desk,
            occurred_at=self.moment(occurred_at),
        )

    def recall(self, officer_id: str, occurred_at: datetime | None = None) -> None:
        self.check_walk_in(
            "ticket_id",
            ("tiket daring tidak dipanggil ulang", "an online ticket is not recalled"),
        )
        self.check_state((CALLED,), ("memanggil ulang", "recall it"))
        self.check_holder(officer_id)
        self._recalled(
            visit_id=self.visit_id,
            officer_id=officer_id,
            desk=self.desk,
            occurred_at=self.moment(occurred_at),
        )

    def start(self, officer_id: str, occurred_at: datetime | None = None) -> None:
        self.check_state((CALLED,), ("memulai konsultasi", "start the consultation"))
        self.check_holder(officer_id)
        self._started(
            visit_id=self.visit_id,
            officer_id=officer_id,
            desk=self.desk,
            occurred_at=self.moment(occurred_at),
        )

    def complete(
        self,
        officer_id: str,
        data_provided: bool,
        topics: tuple[str, ...],
        follow_up: bool,
        occurred_at: datetime | None = None,
    ) -> None:
        self.check_state((IN_CONSULTATION,), ("menyelesaikan konsultasi", "complete it"))
        self.check_holder(officer_id)
        self._completed(
            visit_id=self.visit_id,
            officer_id=officer_id,
            outcome={
                "data_provided": data_provided,
                "topics": list(topics),
                "follow_up": follow_up,
            },
            occurred_at=self.moment(occurred_at),
        )

    def transfer(
        self,
        from_officer_id: str,
        to_officer_id: str,
        to_desk: str | None,
        occurred_at: datetime | None = None,
    ) -> None:
        self.check_state((CALLED, IN_CONSULTATION), ("mengalihkan", "transfer it"))
        self.check_holder(from_officer_id)
        if to_officer_id == from_officer_id:
            raise QueueRuleBroken(
                "to_officer_id",
                "sama dengan petugas yang memegang tiket / same as the officer holding it",
            )
        self._transferred(
            visit_id=self.visit_id,
            from_officer_id=from_officer_id,
            to_officer_id=to_officer_id,
            desk=to_desk,
            occurred_at=self.moment(occurred_at),
        )

    def abandon(
        self, reason: str, officer_id: str | None = None, occurred_at: datetime | None = None
    ) -> None:
        """No-show, left or cancelled; a called ticket only by the officer holding it.
        An online ticket is only cancelled: no-show and left are walk-in steps."""
        if reason not in ABANDON_REASONS:
            raise QueueRuleBroken(
                "reason", f"harus salah satu dari / must be one of {ABANDON_REASONS}"
            )
        if reason in WALK_IN_REASONS:
            self.check_walk_in(
                "reason",
                (
                    f"'{reason}' hanya untuk kunjungan langsung; tiket daring hanya "
                    f"'{ONLINE_REASON}'",
                    f"'{reason}' is for walk-ins only; an online ticket is only '{ONLINE_REASON}'",
                ),
            )
        self.check_state((WAITING, CALLED), ("membatalkan", "abandon it"))
        if self.state == CALLED and officer_id is not None:
            self.check_holder(officer_id)
        self._abandoned(visit_id=self.visit_id, reason=reason, occurred_at=self.moment(occurred_at))

    # --- invariants -------------------------------------------------------------------

    def check_state(self, allowed: tuple[str, ...], action: tuple[str, str]) -> None:
        if self.state in allowed:
            return
        why = STATE_TEXT[self.state]
        if self.state in PROGRESS and all(
            state in PROGRESS and PROGRESS.index(state) > PROGRESS.index(self.state)
            for state in allowed
        ):
            why = NOT_YET[allowed[0]]
        raise TicketStateConflict(
            "ticket_id", f"tidak bisa {action[0]}: {why[0]} / cannot {action[1]}: {why[1]}"
        )

    def check_walk_in(self, field: str, why: tuple[str, str]) -> None:
        """Walk-in steps are refused on an online ticket (answer it in the conversation,
        close it as answered or unreachable)."""
        if self.queue == "online":
            raise QueueRuleBroken(
                field,
                f"{why[0]}: jawab di percakapan, atau tutup sebagai terjawab atau tidak dapat "
                f"dihubungi / {why[1]}: answer it in the conversation, or close it as "
                "answered or unreachable",
            )

    def check_holder(self, officer_id: str) -> None:
        if officer_id != self.officer_id:
            raise TicketStateConflict(
                "officer_id",
                f"tiket dipegang petugas lain ({self.officer_id}) / "
                f"the ticket is held by another officer",
            )

    def moment(self, occurred_at: datetime | None) -> datetime:
        return next_moment(occurred_at, self.last_at)

    @property
    def holder(self) -> str | None:
        """The officer holding the ticket while it is called or in consultation."""
        return self.officer_id if self.state in (CALLED, IN_CONSULTATION) else None

    @property
    def is_open(self) -> bool:
        return self.state in (WAITING, CALLED, IN_CONSULTATION)

    # --- events -----------------------------------------------------------------------

    @event("Called")
    def _called(
        self, visit_id: str, officer_id: str, desk: str | None, occurred_at: datetime
    ) -> None:
        self.state = CALLED
        self.officer_id, self.desk = officer_id, desk
        self.called_at = self.last_at = occurred_at

    @event("Recalled")
    def _recalled(
        self, visit_id: str, officer_id: str, desk: str | None, occurred_at: datetime
    ) -> None:
        self.last_at = occurred_at

    @event("Started")
    def _started(
        self, visit_id: str, officer_id: str, desk: str | None, occurred_at: datetime
    ) -> None:
        self.state = IN_CONSULTATION
        self.started_at = self.last_at = occurred_at

    @event("Completed")
    def _completed(
        self, visit_id: str, officer_id: str, outcome: dict[str, Any], occurred_at: datetime
    ) -> None:
        self.state = COMPLETED
        self.outcome = outcome
        self.completed_at = self.last_at = occurred_at

    @event("Transferred")
    def _transferred(
        self,
        visit_id: str,
        from_officer_id: str,
        to_officer_id: str,
        desk: str | None,
        occurred_at: datetime,
    ) -> None:
        self.officer_id, self.desk = to_officer_id, desk
        self.last_at = occurred_at

    @event("Abandoned")
    def _abandoned(self, visit_id: str, reason: str, occurred_at: datetime) -> None:
        self.state = ABANDONED
        self.abandon_reason = reason
        self.last_at = occurred_at
