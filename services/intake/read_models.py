"""What intake's use cases return: plain read models, never aggregates.

None of them carries an identity card number; only its last four characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from services.intake.service_hours import HoursStatus


@dataclass(frozen=True)
class CardView:
    document_type: str
    document_last4: str
    deposited_at: datetime | None
    returned_at: datetime | None = None


@dataclass(frozen=True)
class Arrival:
    """The outcome of one inbound arrival or message."""

    visit_id: UUID
    channel: str
    office_id: str
    visitor_ref: str
    arrived_at: datetime
    opened: bool  # a new visit; False when the message joined an open one
    duplicate: bool  # the channel delivered this message before: nothing new recorded
    hours: HoursStatus  # the service hours at the arrival
    identity_card: CardView | None = None


@dataclass(frozen=True)
class QueueState:
    """What intake learned from the queue: the ticket number and where the visit is."""

    ticket: str | None
    state: str  # waiting | called | in_consultation | done | left
    desk: str | None = None
    calls: int = 0


@dataclass(frozen=True)
class Contact:
    """How to reach a visitor (for the receptionist only: never published)."""

    name: str | None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class VisitView:
    visit_id: UUID
    office_id: str
    channel: str
    visitor_ref: str
    visitor_name: str | None
    arrived_at: datetime
    departed_at: datetime | None
    purpose: str | None
    consultation_type: str | None
    profile: dict[str, Any]
    identity_card: CardView | None
    guest_book: dict[str, Any] | None
    messages: list[dict[str, Any]] = field(default_factory=list)
    queue: QueueState | None = None  # a walk-in's ticket, once the queue assigned it
    status_url: str | None = None  # the visitor's own page (the ticket's QR code)


@dataclass(frozen=True)
class HeldCard:
    visit_id: UUID
    office_id: str
    document_type: str
    document_last4: str
    deposited_at: datetime
    returned_at: datetime | None = None
    contact: Contact | None = None  # filled in for the receptionist's end-of-day list


@dataclass(frozen=True)
class DeskVisit:
    """One walk-in on the reception desk's list of the day."""

    visit_id: UUID
    visitor_name: str | None
    arrived_at: datetime
    document_type: str | None
    document_last4: str | None
    card_held: bool
    card_returned_at: datetime | None
    guest_book_signed: bool
    departed_at: datetime | None
    queue: QueueState | None
    state: str  # registered | waiting | called | in_consultation | done | left | departed


@dataclass(frozen=True)
class PublicVisit:
    """What the visitor's own status page may show: no name, no card, no contact."""

    visit_id: UUID
    office_id: str
    arrived_at: datetime
    departed: bool
    guest_book_signed: bool
    queue: QueueState | None
