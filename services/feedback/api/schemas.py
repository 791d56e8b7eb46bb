"""Request and response schemas of the feedback API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from events.catalogue import Scores
from services.feedback.domain.complaint import (
    Category,
    Kind,
    ResolutionCategory,
    StaffChannel,
)
from standard.instants import ClientDate, ClientInstant

OfficeId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
OccurredAt = Field(
    default=None,
    description="When it happened in the world, ISO-8601 with offset (defaults to now).",
)

# --- surveys ------------------------------------------------------------------------


class AnswerOut(BaseModel):
    score: int
    label: str


class ElementOut(BaseModel):
    code: str
    name: str
    name_en: str
    question: str
    answers: list[AnswerOut]


class QuestionnaireOut(BaseModel):
    regulation: str = "Permenpan RB Nomor 14 Tahun 2017"
    elements: list[ElementOut]


class SurveyOut(BaseModel):
    status: Literal["open", "submitted"]
    expires_at: datetime
    submitted_at: datetime | None = None
    questionnaire: QuestionnaireOut


class ScoresIn(Scores):
    """The nine IKM element scores of the contract's `SurveySubmitted`, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class SurveySubmission(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "scores": {
                        "U1": 4,
                        "U2": 3,
                        "U3": 4,
                        "U4": 4,
                        "U5": 3,
                        "U6": 4,
                        "U7": 4,
                        "U8": 3,
                        "U9": 3,
                    },
                    "comment": "Petugas sangat membantu mencarikan data kemiskinan.",
                }
            ]
        },
    )
    scores: ScoresIn
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        default=None, description="Optional; kept in feedback, never published."
    )


class SurveySubmittedOut(BaseModel):
    status: Literal["submitted"] = "submitted"
    submitted_at: datetime


class SurveyLinkOut(BaseModel):
    survey_id: UUID
    visit_id: str
    link: str = Field(description="Show it at reception or as a QR code; never logged.")
    token: str
    expires_at: datetime


# --- complaints ---------------------------------------------------------------------


class ContactIn(BaseModel):
    """How to reach the complainant for the response; leave out to stay anonymous."""

    model_config = ConfigDict(extra="forbid")
    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
        | None
    ) = None
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{6,20}$")] | None = None
    email: (
        Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
        | None
    ) = None


PUBLIC_EXAMPLE: dict[str, Any] = {
    "office_id": "3572",
    "kind": "complaint",
    "category": "waktu_pelayanan",
    "message": "Antrean konsultasi hari Senin lebih dari satu jam.",
    "contact": {"name": "Budi Santoso", "email": "budi@example.org"},
}


class PublicComplaintIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PUBLIC_EXAMPLE]})
    office_id: OfficeId
    kind: Kind = "complaint"
    category: Category
    message: LongText
    contact: ContactIn | None = None
    visit_id: Identifier | None = None
    officer_id: Identifier | None = None


class StaffComplaintIn(PublicComplaintIn):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "office_id": "3572",
                    "channel": "suggestion_box",
                    "kind": "suggestion",
                    "category": "sarana_prasarana",
                    "message": "Mohon tambah colokan listrik.",
                    "box_opened_on": "2026-03-13",
                    "occurred_at": "2026-03-13T09:00:00+07:00",
                },
                {
                    "office_id": "3572",
                    "channel": "lapor",
                    "kind": "complaint",
                    "category": "data_statistik",
                    "message": "Data belum dikirim.",
                    "lapor_reference": "4512873",
                },
            ]
        },
    )
    channel: StaffChannel
    box_opened_on: ClientDate | None = Field(
        default=None, description="Suggestion box only: the day the box was opened."
    )
    lapor_reference: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9#/-]{3,32}$")] | None = (
        Field(default=None, description="LAPOR! only: the report's tracking number.")
    )
    occurred_at: ClientInstant | None = OccurredAt


class ComplaintFiledOut(BaseModel):
    complaint_id: UUID
    reference: str | None = Field(
        description="Nomor pengaduan, mis. PGD-3572-2026-0042 / readable reference"
    )
    status_code: str | None = Field(
        default=None,
        description="Kode status, diberikan sekali: bersama nomor pengaduan untuk melihat "
        "status di halaman publik / status code, shown once",
    )
    status: str
    respond_by: datetime
    resolve_by: datetime


class TimelineStep(BaseModel):
    step: Literal["filed", "first_response", "resolution"]
    label: str
    due: datetime | None = Field(description="Tenggat (hari kerja, kalender layanan) / deadline")
    done_at: datetime | None
    late: bool = Field(description="Selesai setelah tenggat, atau belum dan tenggat lewat")


class ComplaintListItem(BaseModel):
    complaint_id: UUID
    reference: str | None
    channel: str
    kind: str
    category: str
    status: str
    officer_id: str | None
    filed_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    respond_by: datetime
    resolve_by: datetime
    overdue: list[Literal["response", "resolution"]]


class ComplaintListOut(BaseModel):
    office_id: str
    as_of: datetime
    total: int = Field(description="Jumlah pengaduan yang cocok dengan filter / matching")
    page: int
    page_size: int
    complaints: list[ComplaintListItem]


class PublicStatusIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reference": "PGD-3572-2026-0042", "status_code": "K7QM-2XPD"}]
        },
    )
    reference: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    status_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]


class PublicStatusOut(BaseModel):
    reference: str
    kind: str
    category: str
    status: str
    filed_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    response: str | None
    resolution_category: str | None
    timeline: list[TimelineStep]


class AcknowledgeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    occurred_at: ClientInstant | None = OccurredAt


class ResolveIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "response": "Jadwal petugas ditambah pada hari Senin.",
                    "resolution_category": "perbaikan_layanan",
                }
            ]
        },
    )
    response: LongText
    resolution_category: ResolutionCategory | None = None
    occurred_at: ClientInstant | None = OccurredAt


class ComplaintOut(BaseModel):
    complaint_id: UUID
    office_id: str
    channel: str
    kind: str
    category: str
    status: str
    message: str
    anonymous: bool
    contact: dict[str, str] | None
    visit_id: str | None
    officer_id: str | None
    box_opened_on: date | None
    lapor_reference: str | None
    filed_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    response: str | None
    resolution_category: str | None
    respond_by: datetime
    resolve_by: datetime
    reference: str | None = None
    timeline: list[TimelineStep] = []


class OverdueOut(BaseModel):
    complaint_id: UUID
    channel: str
    kind: str
    category: str
    status: str
    filed_at: datetime
    respond_by: datetime
    resolve_by: datetime
    overdue: list[Literal["response", "resolution"]]


class OverdueListOut(BaseModel):
    office_id: str
    as_of: datetime
    complaints: list[OverdueOut]
