"""Request and response schemas of the intake API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Category = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class IdentityCard(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_type: Literal["KTP", "SIM", "PASPOR", "OTHER"]
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=32)]


class VisitorProfileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    institution_type: Category | None = None
    occupation: Category | None = None
    education: Category | None = None
    gender: Literal["L", "P"] | None = None
    age_group: Category | None = None


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
                        "institution_type": "perguruan_tinggi",
                        "occupation": "mahasiswa",
                        "education": "s1",
                        "gender": "P",
                        "age_group": "20-29",
                    },
                    "purpose": "tugas_akhir",
                }
            ]
        },
    )
    office_id: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
    identity_card: IdentityCard
    visitor: VisitorProfileIn
    purpose: Category | None = None
    occurred_at: AwareDatetime | None = Field(
        default=None, description="When the visitor arrived (defaults to now)."
    )


class VisitCreated(BaseModel):
    visit_id: UUID
    channel: str
    arrived_at: datetime
