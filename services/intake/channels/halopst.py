"""halopst: online consultation requests from the national halopst site.

halopst posts each request as JSON with a bearer token of role `channel` (issued with
`hub token create --role channel`), scoped to the office it posts for. The request
names a consultation type from the catalogue and comes from a visitor with an e-mail
registered on halopst; without one it is refused. The reply is the response text
halopst shows the visitor.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.intake.channels.base import (
    InboundMessage,
    MalformedPayload,
    RawInbound,
    Reply,
    Sender,
    validate_json,
)
from services.intake.channels.forms import (
    EmailAddress,
    LongText,
    OfficeId,
    PhoneNumber,
    Text,
    VisitorProfileIn,
)
from services.intake.domain.catalogues import ConsultationType, PurposeOfUse
from standard.instants import ClientInstant

RequestId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
REGISTERED_EMAIL_REQUIRED = (
    "wajib: layanan online halopst untuk pengguna dengan e-mail terdaftar / "
    "required: halopst serves visitors with a registered e-mail address"
)


class HalopstRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "office_id": "3572",
                    "request_id": "HPST-3572-2026-000123",
                    "registered_email": "budi.santoso@example.ac.id",
                    "name": "Budi Santoso",
                    "consultation_type": "permintaan_data",
                    "visitor": {"occupation": "peneliti_dosen", "education": "s2"},
                    "purpose": "penelitian",
                    "message": "Mohon data PDRB Kota Blitar 2020-2025 menurut lapangan usaha.",
                    "occurred_at": "2026-03-17T09:30:00+07:00",
                }
            ]
        },
    )
    office_id: OfficeId
    request_id: RequestId
    registered_email: EmailAddress | None = Field(
        default=None, description="The e-mail the visitor registered on halopst (required)."
    )
    name: Text | None = None
    phone: PhoneNumber | None = None
    consultation_type: ConsultationType
    visitor: VisitorProfileIn = Field(default_factory=VisitorProfileIn)
    purpose: PurposeOfUse | None = None
    message: LongText | None = None
    occurred_at: ClientInstant | None = Field(
        default=None, description="When the visitor submitted the request on halopst."
    )


class HalopstChannel:
    name: ClassVar[str] = "halopst"

    def verify(self, raw: RawInbound) -> None:
        """halopst's `channel` bearer token is checked by the route."""

    def parse(self, raw: RawInbound) -> list[InboundMessage]:
        form = validate_json(HalopstRequest, raw.body)
        if form.registered_email is None:
            raise MalformedPayload("registered_email", REGISTERED_EMAIL_REQUIRED)
        return [
            InboundMessage(
                channel=self.name,
                office_id=form.office_id,
                sender=Sender(name=form.name, email=form.registered_email, phone=form.phone),
                message_id=form.request_id,
                occurred_at=form.occurred_at,
                kind="request",
                text=form.message,
                profile=form.visitor.categories(),
                purpose=form.purpose.value if form.purpose else None,
                consultation_type=form.consultation_type.value,
            )
        ]

    def reply(self, message: InboundMessage, text: str) -> Reply:
        return Reply(
            channel=self.name,
            recipient=message.sender.email,
            text=text,
            request={"request_id": message.message_id, "message": text},
        )
