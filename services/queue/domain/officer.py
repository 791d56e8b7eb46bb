"""The Officer aggregate: one staff member's duty at an office, and the ticket in hand.

    off_duty -> on_duty <-> on_break
        ^          |            |
        +----------+------------+  sign off (with no ticket in hand)

An officer serves one visitor at a time: calling or receiving a ticket records it as the
ticket in hand (saved with the ticket, so the version check covers both), and completing,
transferring or abandoning it releases it. Breaks are events, so idle time stays fair.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from services.queue.domain.errors import OfficerStateConflict
from services.queue.domain.ids import officer_id_for
from services.queue.domain.timeline import next_moment
from standard.aggregate import OfficeAggregate

OFF_DUTY = "off_duty"
ON_DUTY = "on_duty"
ON_BREAK = "on_break"

STATUS_TEXT: dict[str, tuple[str, str]] = {
    OFF_DUTY: ("petugas tidak sedang bertugas", "the officer is not on duty"),
    ON_DUTY: ("petugas sedang bertugas", "the officer is already on duty"),
    ON_BREAK: ("petugas sedang istirahat", "the officer is on a break"),
}


class Officer(OfficeAggregate):
    # Event classes the @event decorators create, declared for type checkers.
    Enrolled: ClassVar[type[OfficeAggregate.Event]]
    SignedOn: ClassVar[type[OfficeAggregate.Event]]
    SignedOff: ClassVar[type[OfficeAggregate.Event]]
    BreakStarted: ClassVar[type[OfficeAggregate.Event]]
    BreakEnded: ClassVar[type[OfficeAggregate.Event]]
    TookTicket: ClassVar[type[OfficeAggregate.Event]]
    ReleasedTicket: ClassVar[type[OfficeAggregate.Event]]

    officer_id: str
    status: str
    desk: str | None
    serving: UUID | None

    @staticmethod
    def create_id(office_id: str, officer_id: str) -> UUID:
        return officer_id_for(office_id, officer_id)

    @event("Enrolled")
    def __init__(self, office_id: str, officer_id: str, occurred_at: datetime) -> None:
        self.office_id = office_id
        self.officer_id = officer_id
        self.status = OFF_DUTY
        self.desk = None
        self.serving = None
        self.last_at = occurred_at

    # --- duty -------------------------------------------------------------------------

    def sign_on(self, desk: str | None, occurred_at: datetime | None = None) -> None:
        self.check_status((OFF_DUTY,), ("masuk tugas", "sign on"))
        self._signed_on(officer_id=self.officer_id, desk=desk, occurred_at=self.moment(occurred_at))

    def sign_off(self, occurred_at: datetime | None = None) -> None:
        self.check_status((ON_DUTY, ON_BREAK), ("keluar tugas", "sign off"))
        self.check_hands_free(("keluar tugas", "sign off"))
        self._signed_off(officer_id=self.officer_id, occurred_at=self.moment(occurred_at))

    def start_break(self, occurred_at: datetime | None = None) -> None:
        self.check_status((ON_DUTY,), ("mulai istirahat", "start a break"))
        self.check_hands_free(("mulai istirahat", "start a break"))
        self._break_started(officer_id=self.officer_id, occurred_at=self.moment(occurred_at))

    def end_break(self, occurred_at: datetime | None = None) -> None:
        if self.status != ON_BREAK:
            raise OfficerStateConflict(
                "officer_id", "petugas tidak sedang istirahat / the officer is not on a break"
            )
        self._break_ended(officer_id=self.officer_id, occurred_at=self.moment(occurred_at))

    # --- the ticket in hand -----------------------------------------------------------

    def take(self, ticket_id: UUID, occurred_at: datetime | None = None) -> None:
        """Hold a called or transferred ticket; only on duty and with free hands."""
        self.check_on_duty()
        self.check_hands_free(("menerima tiket", "take a ticket"))
        self._took(
            officer_id=self.officer_id, ticket_id=ticket_id, occurred_at=self.moment(occurred_at)
        )

    def release(self, ticket_id: UUID, occurred_at: datetime | None = None) -> None:
        if self.serving != ticket_id:
            raise OfficerStateConflict(
                "ticket_id", "tiket ini tidak dipegang petugas / the officer does not hold it"
            )
        self._released(
            officer_id=self.officer_id, ticket_id=ticket_id, occurred_at=self.moment(occurred_at)
        )

    # --- invariants -------------------------------------------------------------------

    def check_on_duty(self) -> None:
        self.check_status((ON_DUTY,), ("melayani", "serve"))

    def check_status(self, allowed: tuple[str, ...], action: tuple[str, str]) -> None:
        if self.status in allowed:
            return
        why = STATUS_TEXT[self.status]
        raise OfficerStateConflict(
            "officer_id",
            f"{self.officer_id} tidak bisa {action[0]}: {why[0]} / cannot {action[1]}: {why[1]}",
        )

    def check_hands_free(self, action: tuple[str, str]) -> None:
        if self.serving is not None:
            raise OfficerStateConflict(
                "officer_id",
                f"{self.officer_id} tidak bisa {action[0]}: masih memegang tiket {self.serving} / "
                f"cannot {action[1]}: still holds a ticket",
            )

    def moment(self, occurred_at: datetime | None) -> datetime:
        return next_moment(occurred_at, self.last_at)

    # --- events -----------------------------------------------------------------------

    @event("SignedOn")
    def _signed_on(self, officer_id: str, desk: str | None, occurred_at: datetime) -> None:
        self.status, self.desk, self.last_at = ON_DUTY, desk, occurred_at

    @event("SignedOff")
    def _signed_off(self, officer_id: str, occurred_at: datetime) -> None:
        self.status, self.desk, self.last_at = OFF_DUTY, None, occurred_at

    @event("BreakStarted")
    def _break_started(self, officer_id: str, occurred_at: datetime) -> None:
        self.status, self.last_at = ON_BREAK, occurred_at

    @event("BreakEnded")
    def _break_ended(self, officer_id: str, occurred_at: datetime) -> None:
        self.status, self.last_at = ON_DUTY, occurred_at

    @event("TookTicket")
    def _took(self, officer_id: str, ticket_id: UUID, occurred_at: datetime) -> None:
        self.serving, self.last_at = ticket_id, occurred_at

    @event("ReleasedTicket")
    def _released(self, officer_id: str, ticket_id: UUID, occurred_at: datetime) -> None:
        self.serving, self.last_at = None, occurred_at
