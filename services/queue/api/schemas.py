"""Request and response schemas of the queue API (officer console and waiting-room display)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from standard.instants import ClientInstant

OfficeId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]
StaffId = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9._-]{1,64}$")
]
Desk = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9 ._-]{1,32}$")]
# Topics travel on the bus: category slugs only, never free text (Law 27/2022).
Topic = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9_-]{1,64}$")]
QueueName = Literal["offline", "online"]


class StaffCommand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    office_id: OfficeId
    officer_id: StaffId | None = Field(
        default=None,
        description="Petugas yang diwakili (khusus supervisor); default: pemilik token. / "
        "The officer acted for (supervisors only); defaults to the token's holder.",
    )
    occurred_at: ClientInstant | None = Field(
        default=None, description="Waktu kejadian (ISO-8601 dengan offset); default: sekarang."
    )


def example(**fields: Any) -> ConfigDict:
    return ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"office_id": "3572", **fields}]}
    )


class SignOn(StaffCommand):
    model_config = example(desk="Meja 1", occurred_at="2026-03-17T07:55:00+07:00")
    desk: Desk


class DutyChange(StaffCommand):
    model_config = example(occurred_at="2026-03-17T12:00:00+07:00")


class CallNext(StaffCommand):
    model_config = example(queue="offline")
    queue: QueueName


class TicketStep(StaffCommand):
    model_config = example(occurred_at="2026-03-17T08:21:00+07:00")


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data_provided: bool
    topics: list[Topic] = Field(default_factory=list, max_length=10)
    follow_up: bool


class Complete(StaffCommand):
    model_config = example(
        outcome={"data_provided": True, "topics": ["kemiskinan", "ipm"], "follow_up": False}
    )
    outcome: OutcomeIn


class Transfer(StaffCommand):
    model_config = example(to_officer_id="petugas-budi")
    to_officer_id: StaffId


class Abandon(StaffCommand):
    model_config = example(reason="no_show")
    reason: Literal["no_show", "left", "cancelled"]


class OfficerOut(BaseModel):
    office_id: str
    officer_id: str
    status: Literal["on_duty", "on_break", "off_duty"]
    desk: str | None
    serving_ticket_id: UUID | None
    since: datetime | None = None
    last_completed_at: datetime | None = None


class TicketOut(BaseModel):
    ticket_id: UUID
    visit_id: str
    office_id: str
    queue: str
    channel: str
    number: str
    state: Literal["waiting", "called", "in_consultation", "completed", "abandoned"]
    officer_id: str | None
    desk: str | None
    arrived_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    outcome: dict[str, Any] | None
    abandon_reason: str | None


class StandardOut(BaseModel):
    limit_minutes: float | None = Field(description="Batas standar, menit kerja / business minutes")
    clock_started_at: datetime | None = Field(
        description="Mulai hitung: max(kedatangan, selesai pengunjung sebelumnya) / clock start"
    )
    waited_minutes: float
    minutes_left: float | None = Field(description="Negatif bila sudah lewat / negative once late")
    breached: bool
    call_now: bool


class WaitingOut(BaseModel):
    ticket_id: UUID
    visit_id: str
    number: str
    channel: str
    arrived_at: datetime
    position: int
    estimated_wait_minutes: float | None
    standard: StandardOut


class WaitingListOut(BaseModel):
    office_id: str
    queue: str
    at: datetime
    officers_on_duty: int
    mean_service_minutes: float
    waiting: list[WaitingOut]


class CallOut(BaseModel):
    seq: int
    number: str
    queue: str
    desk: str | None
    officer_id: str
    called_at: datetime
    recall: bool


class InServiceOut(BaseModel):
    ticket_id: UUID
    number: str
    queue: str
    state: str
    desk: str | None
    officer_id: str | None


class AlertOut(BaseModel):
    code: Literal["no_officer_on_duty", "standard_breached", "call_now"]
    message: str


class BoardOut(BaseModel):
    office_id: str
    at: datetime
    office_open: bool
    officers_on_duty: int
    alerts: list[AlertOut]
    waiting: dict[str, int]
    in_service: list[InServiceOut]
    recent_calls: list[CallOut]
