"""How intake reacts to the queue: it learns each walk-in's ticket number and state.

The receptionist's view of a visit shows the ticket the queue assigned (asynchronously,
after intake's arrival event reached the queue) and whether the visitor waits, is called,
is in consultation or is done. Each delivery is applied once with its position
(`infra.processing.ExactlyOnce`); the reactions return unsaved aggregates.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from events import Envelope
from infra.dead_letters import DeadLetters
from infra.processing import ExactlyOnce
from services.intake.application import IntakeApplication
from services.intake.domain.queue_place import DONE, LEFT, QueuePlace


def place_of(app: IntakeApplication, envelope: Envelope) -> QueuePlace | None:
    try:
        place: QueuePlace = app.repository.get(QueuePlace.id_for(envelope.data["visit_id"]))
    except AggregateNotFoundError:
        return None
    return place


def ticket_assigned(app: IntakeApplication, envelope: Envelope) -> list[Any]:
    visit_id = str(envelope.data["visit_id"])
    if QueuePlace.id_for(visit_id) in app.repository:
        return []  # a redelivery: the ticket is known
    place = QueuePlace(
        id=QueuePlace.id_for(visit_id),
        office_id=envelope.office_id,
        visit_id=visit_id,
        queue=str(envelope.data["queue"]),
        ticket=envelope.data.get("ticket"),
        occurred_at=envelope.occurred_at,
    )
    return [place]


def moved(change: Callable[[QueuePlace, Envelope], None]) -> Callable[..., list[Any]]:
    def reaction(app: IntakeApplication, envelope: Envelope) -> list[Any]:
        place = place_of(app, envelope)
        if place is None:
            return []  # an online ticket queued before this reaction existed, or none at all
        before = place.version
        change(place, envelope)
        return [place] if place.version != before else []

    return reaction


REACTIONS: dict[str, Callable[[IntakeApplication, Envelope], list[Any]]] = {
    "VisitorQueued": ticket_assigned,
    "VisitorCalled": moved(lambda p, e: p.called(e.data.get("desk"), e.occurred_at)),
    "ConsultationStarted": moved(lambda p, e: p.started(e.data.get("desk"), e.occurred_at)),
    "VisitorTransferred": moved(lambda p, e: p.transferred(e.occurred_at)),
    "ConsultationCompleted": moved(lambda p, e: p.ended(DONE, e.occurred_at)),
    "VisitAbandoned": moved(lambda p, e: p.ended(LEFT, e.occurred_at)),
}


def react(app: IntakeApplication, envelope: Envelope) -> list[Any]:
    reaction = REACTIONS.get(envelope.event_type)
    return [] if reaction is None else reaction(app, envelope)


def queue_consumer(app: IntakeApplication) -> ExactlyOnce:
    """Intake's handler of the queue's deliveries (embedded log or Kafka)."""
    return ExactlyOnce(app, partial(react, app), letters=DeadLetters(app, "intake"))
