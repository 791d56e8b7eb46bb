"""How feedback reacts to other services' events: learn each visit's channel, invite a survey.

Reactions return unsaved aggregates; `infra.processing.ExactlyOnce` records them with
the delivery's position in one transaction. Deterministic ids (from the visit id) make a
redelivered event collide rather than invite twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking

from events import Envelope, payload_of
from events.catalogue import ConsultationCompleted, VisitorArrived
from services.feedback.application import FeedbackApplication

Delivery = tuple[Envelope, Tracking]


def react(app: FeedbackApplication, envelope: Envelope) -> Sequence[Any]:
    if envelope.event_type == "VisitorArrived":
        return learn_visit_channel(app, envelope)
    if envelope.event_type == "ConsultationCompleted":
        return invite_survey_after_consultation(app, envelope)
    return ()


def learn_visit_channel(app: FeedbackApplication, envelope: Envelope) -> Sequence[Any]:
    arrived = payload_of(envelope)
    assert isinstance(arrived, VisitorArrived)
    return app.learn_visit_channel(
        office_id=envelope.office_id,
        visit_id=arrived.visit_id,
        channel=arrived.channel,
        occurred_at=envelope.occurred_at,
    )


def invite_survey_after_consultation(app: FeedbackApplication, envelope: Envelope) -> Sequence[Any]:
    completed = payload_of(envelope)
    assert isinstance(completed, ConsultationCompleted)
    return app.invite_survey(
        office_id=envelope.office_id,
        visit_id=completed.visit_id,
        officer_id=completed.officer_id,
        occurred_at=envelope.occurred_at,
    )


def arrivals_first(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """Within a batch, intake's events before the queue's (a stable sort).

    Topics are not ordered against each other: in a catch-up batch a visit's completion
    may come before its arrival, and the invitation would miss the visit's channel. Each
    source partition keeps its own order, so positions are still recorded in order.
    """
    return sorted(deliveries, key=lambda delivery: delivery[0].source != "intake")
