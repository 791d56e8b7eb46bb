"""Walk-in reception: the receptionist registers an arrival and takes the identity card.

Authenticity is the receptionist's staff token (checked by the route); the payload is
our own JSON form. The reply is the notice shown at the desk.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from services.intake.channels.base import (
    InboundMessage,
    RawInbound,
    Reply,
    Sender,
    validate_json,
)
from services.intake.channels.forms import (
    EmailAddress,
    OfficeId,
    PhoneNumber,
    Text,
    VisitorProfileIn,
)
from services.intake.domain.catalogues import PurposeOfUse
from services.intake.domain.identity_card import IdentityCard
from standard.instants import ClientInstant


class IdentityCardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_type: Literal["KTP", "SIM", "PASPOR", "OTHER"]
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=32)]


class WalkInVisitor(VisitorProfileIn):
    name: Text
    phone: PhoneNumber | None = Field(
        default=None, description="Optional; links this visitor to their WhatsApp contacts."
    )
    email: EmailAddress | None = Field(
        default=None, description="Optional; links this visitor to their e-mails and halopst."
    )


class WalkInArrival(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "office_id": "3572",
                    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
                    "visitor": {
                        "name": "Siti Rahayu",
                        "phone": "0812-3456-7890",
                        "institution_type": "perguruan_tinggi",
                        "occupation": "mahasiswa",
                        "education": "s1",
                        "gender": "P",
                        "age_group": "20-29",
                    },
                    "purpose": "tugas_akhir",
                    "occurred_at": "2026-03-17T08:10:00+07:00",
                }
            ]
        },
    )
    office_id: OfficeId
    identity_card: IdentityCardIn | None = Field(
        default=None, description="Required by the service standard; refused without it."
    )
    visitor: WalkInVisitor
    purpose: PurposeOfUse | None = None
    occurred_at: ClientInstant | None = Field(
        default=None, description="When the visitor arrived (defaults to now)."
    )


class WalkInChannel:
    name: ClassVar[str] = "walk_in"

    def verify(self, raw: RawInbound) -> None:
        """The receptionist's bearer token is checked by the route; nothing more to prove."""

    def parse(self, raw: RawInbound) -> list[InboundMessage]:
        form = validate_json(WalkInArrival, raw.body)
        card = form.identity_card
        visitor = form.visitor
        sender = Sender(
            name=visitor.name,
            phone=visitor.phone,
            email=visitor.email,
            identity_card=IdentityCard.of(card.document_type, card.number) if card else None,
        )
        return [
            InboundMessage(
                channel=self.name,
                office_id=form.office_id,
                sender=sender,
                occurred_at=form.occurred_at,
                kind="arrival",
                profile=visitor.categories(),
                purpose=form.purpose.value if form.purpose else None,
                walk_in=True,
            )
        ]

    def reply(self, message: InboundMessage, text: str) -> Reply:
        return Reply(channel=self.name, recipient=None, text=text)
