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


@dataclass(frozen=True)
class HeldCard:
    visit_id: UUID
    office_id: str
    document_type: str
    document_last4: str
    deposited_at: datetime
    returned_at: datetime | None = None
