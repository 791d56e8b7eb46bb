"""Request and response schemas of the intake API (channel payloads live with their channel)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.intake.channels.forms import LongText
from services.intake.domain.catalogues import (
    DataNeeded,
    Education,
    InstitutionType,
    Occupation,
    PurposeOfUse,
)
from services.intake.inbox import Received
from services.intake.read_models import (
    CardView,
    DeskVisit,
    HeldCard,
    PublicVisit,
    QueueState,
    VisitView,
)
from services.intake.service_hours import HoursStatus
from standard.instants import ClientInstant


class CardOut(BaseModel):
    document_type: str
    document_last4: str = Field(description="Only the last four characters are ever shown.")
    deposited_at: datetime | None = None
    returned_at: datetime | None = None

    @classmethod
    def of(cls, card: CardView | None) -> CardOut | None:
        return cls(**vars(card)) if card else None


class ArrivalOut(BaseModel):
    visit_id: UUID
    channel: str
    office_id: str
    visitor_ref: str
    arrived_at: datetime
    opened: bool = Field(description="A new visit; false when the message joined an open one.")
    duplicate: bool = Field(description="A redelivery of a message already recorded.")
    within_service_hours: bool
    next_opening: datetime | None = Field(
        description="When the office next opens (the arrival time itself while open)."
    )
    notice: str | None = Field(description="The notice or acknowledgement for the visitor.")
    identity_card: CardOut | None = None

    @classmethod
    def of(cls, received: Received) -> ArrivalOut:
        arrival = received.arrival
        notice = received.reply.text if received.reply else None
        return cls(
            visit_id=arrival.visit_id,
            channel=arrival.channel,
            office_id=arrival.office_id,
            visitor_ref=arrival.visitor_ref,
            arrived_at=arrival.arrived_at,
            opened=arrival.opened,
            duplicate=arrival.duplicate,
            within_service_hours=arrival.hours.open,
            next_opening=arrival.hours.next_opening,
            notice=notice,
            identity_card=CardOut.of(arrival.identity_card),
        )


class WebhookReceipt(BaseModel):
    received: int = Field(description="Messages in the payload (status callbacks excluded).")
    opened: int = Field(description="Of which opened a new visit.")
    duplicates: int = Field(description="Of which were redeliveries, recorded before.")
    visit_ids: list[UUID]

    @classmethod
    def of(cls, batch: list[Received]) -> WebhookReceipt:
        return cls(
            received=len(batch),
            opened=sum(item.arrival.opened for item in batch),
            duplicates=sum(item.arrival.duplicate for item in batch),
            visit_ids=list(dict.fromkeys(item.arrival.visit_id for item in batch)),
        )


class GuestBookIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "institution_type": "perguruan_tinggi",
                    "occupation": "mahasiswa",
                    "education": "s1",
                    "data_needed": "ketenagakerjaan",
                    "purpose_of_use": "tugas_akhir",
                    "note": "Data TPT Kota Blitar 2015-2025 untuk skripsi.",
                }
            ]
        },
    )
    institution_type: InstitutionType | None = None
    occupation: Occupation | None = None
    education: Education | None = None
    data_needed: DataNeeded | None = None
    purpose_of_use: PurposeOfUse | None = None
    note: LongText | None = Field(default=None, description="Free text; stays in intake.")
    occurred_at: ClientInstant | None = None


class EventTime(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"occurred_at": "2026-03-17T10:05:00+07:00"}]},
    )
    occurred_at: ClientInstant | None = Field(default=None, description="Defaults to now.")


class QueueOut(BaseModel):
    ticket: str | None = Field(description="The number the queue assigned, e.g. `A-004`.")
    state: str = Field(description="waiting | called | in_consultation | done | left")
    desk: str | None = Field(default=None, description="Where the visitor was called to.")

    @classmethod
    def of(cls, queue: QueueState | None) -> QueueOut | None:
        return cls(ticket=queue.ticket, state=queue.state, desk=queue.desk) if queue else None


class VisitOut(BaseModel):
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
    identity_card: CardOut | None
    guest_book: dict[str, Any] | None
    messages: list[dict[str, Any]]
    ticket: str | None = Field(
        default=None,
        description="A walk-in's ticket number once the queue assigned it (asynchronously, "
        "moments after the arrival); null until then.",
    )
    queue: QueueOut | None = Field(default=None, description="The visit's place in the queue.")
    status_url: str | None = Field(
        default=None,
        description="A walk-in's own status page (unguessable; the ticket's QR code), under "
        "PST_PUBLIC_URL.",
    )

    @classmethod
    def of(cls, view: VisitView) -> VisitOut:
        return cls(
            **{
                **vars(view),
                "identity_card": CardOut.of(view.identity_card),
                "queue": QueueOut.of(view.queue),
                "ticket": view.queue.ticket if view.queue else None,
            }
        )


class DeskVisitOut(BaseModel):
    visit_id: UUID
    visitor_name: str | None
    arrived_at: datetime
    document_type: str | None
    document_last4: str | None = Field(description="Only the last four characters.")
    card_held: bool
    card_returned_at: datetime | None
    guest_book_signed: bool
    departed_at: datetime | None
    ticket: str | None
    desk: str | None
    state: str = Field(
        description="registered (no ticket yet) | waiting | called | in_consultation | done | "
        "left | departed"
    )

    @classmethod
    def of(cls, visit: DeskVisit) -> DeskVisitOut:
        fields = {key: value for key, value in vars(visit).items() if key != "queue"}
        queue = visit.queue
        return cls(
            **fields,
            ticket=queue.ticket if queue else None,
            desk=queue.desk if queue else None,
        )


class DeskDayOut(BaseModel):
    office_id: str
    date: date
    count: int
    visits: list[DeskVisitOut]


class PublicVisitOut(BaseModel):
    """The visitor's own view: no name, no card, no contact."""

    office_id: str
    arrived_at: datetime
    departed: bool
    guest_book_signed: bool
    ticket: str | None
    state: str = Field(description="registered | waiting | called | in_consultation | done | left")
    desk: str | None

    @classmethod
    def of(cls, visit: PublicVisit) -> PublicVisitOut:
        queue = visit.queue
        return cls(
            office_id=visit.office_id,
            arrived_at=visit.arrived_at,
            departed=visit.departed,
            guest_book_signed=visit.guest_book_signed,
            ticket=queue.ticket if queue else None,
            state=queue.state if queue else "registered",
            desk=queue.desk if queue else None,
        )


class HeldCardOut(BaseModel):
    visit_id: UUID
    document_type: str
    document_last4: str
    deposited_at: datetime
    visitor_name: str | None = Field(default=None, description="For the receptionist only.")
    phone: str | None = Field(default=None, description="The visitor's phone, if given.")
    email: str | None = Field(default=None, description="The visitor's e-mail, if given.")

    @classmethod
    def of(cls, card: HeldCard) -> HeldCardOut:
        contact = card.contact
        return cls(
            visit_id=card.visit_id,
            document_type=card.document_type,
            document_last4=card.document_last4,
            deposited_at=card.deposited_at,
            visitor_name=contact.name if contact else None,
            phone=contact.phone if contact else None,
            email=contact.email if contact else None,
        )


class UnreturnedCardsOut(BaseModel):
    office_id: str
    date: date
    count: int
    cards: list[HeldCardOut]


class ServiceHoursOut(BaseModel):
    office_id: str
    at: datetime
    open: bool
    next_opening: datetime | None
    closes_at: datetime | None
    time_zone: str

    @classmethod
    def of(cls, status: HoursStatus) -> ServiceHoursOut:
        return cls(**vars(status))


class CatalogueEntry(BaseModel):
    code: str
    label: str
