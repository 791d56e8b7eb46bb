"""Integration events a queue test feeds in, as intake would publish them."""

from __future__ import annotations

import uuid
from datetime import datetime
from itertools import count

from eventsourcing.persistence import Tracking

from events import Envelope

OFFICE = "3572"
_positions = count(1)


def at(clock: str, day: str = "2026-03-17") -> datetime:
    """An instant in Blitar (WIB), e.g. at("08:10")."""
    return datetime.fromisoformat(f"{day}T{clock}:00+07:00")


def arrival(
    visit_id: str | None = None,
    channel: str = "walk_in",
    when: datetime | None = None,
    office_id: str = OFFICE,
) -> Envelope:
    visit_id = visit_id or str(uuid.uuid4())
    return Envelope(
        event_id=uuid.uuid4(),
        event_type="VisitorArrived",
        schema_version=1,
        occurred_at=when or at("08:10"),
        office_id=office_id,
        source="intake",
        stream_id=visit_id,
        stream_position=1,
        data={"visit_id": visit_id, "channel": channel, "visitor": {"visitor_ref": "vr_0001"}},
    )


def departure(visit_id: str, when: datetime, office_id: str = OFFICE) -> Envelope:
    return Envelope(
        event_id=uuid.uuid4(),
        event_type="VisitorDeparted",
        schema_version=1,
        occurred_at=when,
        office_id=office_id,
        source="intake",
        stream_id=visit_id,
        stream_position=2,
        data={"visit_id": visit_id},
    )


def delivered(envelope: Envelope, position: int | None = None) -> tuple[Envelope, Tracking]:
    """The envelope as the embedded transport delivers it, at the next log position."""
    return envelope, Tracking("intake", position or next(_positions))
