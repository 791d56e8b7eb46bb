"""Integration envelopes of intake and queue, as feedback receives them (test data)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from events import Envelope
from services.feedback.application import FeedbackApplication
from services.feedback.mapper import to_envelope
from tests.harness import HubClient

OFFICE = "3572"


def envelope(source: str, event_type: str, occurred_at: str, data: dict[str, Any]) -> Envelope:
    return Envelope(
        event_id=uuid4(),
        event_type=event_type,
        schema_version=1,
        occurred_at=datetime.fromisoformat(occurred_at),
        office_id=OFFICE,
        source=source,  # type: ignore[arg-type]
        stream_id=data.get("visit_id", "stream"),
        stream_position=1,
        data=data,
    )


def visitor_arrived(visit_id: str, channel: str, occurred_at: str) -> Envelope:
    data = {"visit_id": visit_id, "channel": channel, "visitor": {"visitor_ref": "vr_test"}}
    return envelope("intake", "VisitorArrived", occurred_at, data)


def consultation_completed(visit_id: str, occurred_at: str, officer_id: str = "ofc-1") -> Envelope:
    data = {"visit_id": visit_id, "officer_id": officer_id, "outcome": {"data_provided": True}}
    return envelope("queue", "ConsultationCompleted", occurred_at, data)


def feedback_app(client: HubClient) -> FeedbackApplication:
    app = client.hub.services["feedback"].application
    assert isinstance(app, FeedbackApplication)
    return app


def published(client: HubClient) -> list[Envelope]:
    """What feedback's relay would publish: its notification log, mapped."""
    app = feedback_app(client)
    notifications = app.recorder.select_notifications(0, 1000, inclusive_of_start=False)
    envelopes = [to_envelope(app.mapper.to_domain_event(n)) for n in notifications]
    return [envelope for envelope in envelopes if envelope is not None]
