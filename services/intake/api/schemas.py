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
from services.intake.read_models import CardView, HeldCard, VisitView
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

    @classmethod
    def of(cls, view: VisitView) -> VisitOut:
        return cls(**{**vars(view), "identity_card": CardOut.of(view.identity_card)})


class HeldCardOut(BaseModel):
    visit_id: UUID
    document_type: str
    document_last4: str
    deposited_at: datetime

    @classmethod
    def of(cls, card: HeldCard) -> HeldCardOut:
        return cls(
            visit_id=card.visit_id,
            document_type=card.document_type,
            document_last4=card.document_last4,
            deposited_at=card.deposited_at,
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
