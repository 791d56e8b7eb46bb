"""The integration-event envelope (EVENTS.md): the one shape every event has on the bus."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Source = Literal["intake", "queue", "feedback", "staff"]


def _require_offset(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a UTC offset, e.g. 2026-03-17T08:10:00+07:00")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_require_offset)]


class Envelope(BaseModel):
    """One integration event. `data` stays a plain dict so unknown types pass through."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    event_type: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]*$", max_length=80)]
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime | None = None
    office_id: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    source: Source
    stream_id: Identifier
    stream_position: int = Field(ge=1)
    data: dict[str, Any]

    def to_json_dict(self) -> dict[str, Any]:
        """The envelope as JSON-ready primitives (stable key order of EVENTS.md)."""
        out = self.model_dump(mode="json", exclude_none=True)
        return out

    @property
    def visit_id(self) -> str | None:
        value = self.data.get("visit_id")
        return value if isinstance(value, str) else None


def utc_now() -> datetime:
    return datetime.now(UTC)
