"""Exactly-once processing for event-sourced consumers and followers.

A reaction turns one delivery into unsaved aggregates; `record` stores their new events
atomically with the delivery's tracking position, through the library's public API (a
`ProcessingEvent` collects the events; the event store puts them with the tracking
object, as the library's own `EventSourcedProjection` does). A crash or a redelivery
therefore never applies a delivery twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

from events import Envelope
from infra.transport import Delivery
from standard.errors import RuleViolation

log = logging.getLogger(__name__)

Reaction = Callable[[Envelope], Sequence[Any]]
ATTEMPTS = 20


def process_recorder(app: Application[Any]) -> ProcessRecorder:
    recorder = app.recorder
    assert isinstance(recorder, ProcessRecorder), f"{app.name} must record tracking"
    return recorder


def record(app: Application[Any], tracking: Tracking, *aggregates: Any) -> None:
    """Store the aggregates' pending events and the tracking position in one transaction.

    Raises IntegrityError when an aggregate moved on meanwhile or the position is recorded
    already; nothing is stored then.
    """
    processing = ProcessingEvent[Any](tracking=tracking)
    processing.collect_events(*aggregates)
    app.events.put(processing.events, tracking=tracking)
    take_due_snapshots(app, processing.aggregates.values())


def take_due_snapshots(app: Application[Any], aggregates: Iterable[Any]) -> None:
    """`Application.save` snapshots at the configured intervals; so does `record`."""
    if app.snapshots is None:
        return
    for aggregate in aggregates:
        interval = app.snapshotting_intervals.get(type(aggregate))
        if interval and aggregate.version % interval == 0:
            app.take_snapshot(aggregate.id, aggregate.version)


def last_position(app: Application[Any]) -> Callable[[str], int | None]:
    return process_recorder(app).max_tracking_id


class ExactlyOnce:
    """A consumer's batch handler: each delivery's reaction recorded once, with its position.

    A version conflict means another writer moved an aggregate on (an officer calling the
    ticket right now, a second consumer): the reaction runs again on fresh state, so it
    sees that its work is done or redoes it on the new version. A reaction that breaks a
    rule records only the position, with a warning: the event is applied as nothing.
    """

    def __init__(
        self,
        app: Application[Any],
        react: Reaction,
        order: Callable[[Sequence[Delivery]], Sequence[Delivery]] | None = None,
        attempts: int = ATTEMPTS,
    ) -> None:
        self.app = app
        self.react = react
        self.order = order
        self.attempts = attempts
        self.recorder = process_recorder(app)

    def __call__(self, deliveries: Sequence[Delivery]) -> int:
        """Apply a batch; return how many deliveries recorded new events."""
        ordered = self.order(deliveries) if self.order else deliveries
        return sum(self.apply(envelope, tracking) for envelope, tracking in ordered)

    def apply(self, envelope: Envelope, tracking: Tracking) -> bool:
        for _ in range(self.attempts):
            if self.recorder.has_tracking_id(tracking.application_name, tracking.notification_id):
                return False  # seen at this position already
            aggregates = self._react(envelope)
            try:
                record(self.app, tracking, *aggregates)
            except IntegrityError:
                continue
            return bool(aggregates)
        raise RuntimeError(
            f"{envelope.event_type} {envelope.event_id}: no progress after {self.attempts} tries"
        )

    def _react(self, envelope: Envelope) -> Sequence[Any]:
        try:
            return self.react(envelope)
        except RuleViolation as exc:
            log.warning("%s %s not applied: %s", envelope.event_type, envelope.event_id, exc)
            return ()
