"""Exactly-once processing for event-sourced consumers and followers.

A reaction turns one delivery into unsaved aggregates; `record` stores their new events
atomically with the delivery's tracking position, through the library's public API (a
`ProcessingEvent` collects the events; the event store puts them with the tracking
object, as the library's own `EventSourcedProjection` does). A crash or a redelivery
therefore never applies a delivery twice.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

from events import Envelope, decode, encode, message_key
from infra.dead_letters import CONSUME, TRANSIENT, DeadLetter, DeadLetters, reason_of
from infra.transport import Delivery

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
    sees that its work is done or redoes it on the new version.

    A delivery whose reaction fails (a broken rule, a value it cannot handle) is set
    aside in the service's dead letters with the reason, and its position recorded: the
    stream carries on. Later deliveries of the same key (the visit) are set aside behind
    it, held, until an operator retries or discards it (docs/adr/0015). Failures of the
    store itself (TRANSIENT) are raised: the runner resumes from the recorded position.
    """

    def __init__(
        self,
        app: Application[Any],
        react: Reaction,
        order: Callable[[Sequence[Delivery]], Sequence[Delivery]] | None = None,
        attempts: int = ATTEMPTS,
        letters: DeadLetters | None = None,
    ) -> None:
        self.app = app
        self.react = react
        self.order = order
        self.attempts = attempts
        self.recorder = process_recorder(app)
        self.letters = letters or DeadLetters(app, app.name)
        self._held: set[str] = set()

    def __call__(self, deliveries: Sequence[Delivery]) -> int:
        """Apply a batch; return how many deliveries recorded new events."""
        ordered = self.order(deliveries) if self.order else deliveries
        # Read once a batch: an operator (another process) may have retried a key meanwhile.
        self._held = self.letters.pending_keys(CONSUME)
        return sum(self.apply(envelope, tracking) for envelope, tracking in ordered)

    def apply(self, envelope: Envelope, tracking: Tracking) -> bool:
        for _ in range(self.attempts):
            if self.recorder.has_tracking_id(tracking.application_name, tracking.notification_id):
                return False  # seen at this position already
            key = message_key(envelope).decode()
            if key in self._held:
                return self._set_aside(envelope, tracking, "held behind an earlier record", True)
            try:
                aggregates = self.react(envelope)
                record(self.app, tracking, *aggregates)
            except IntegrityError:
                continue
            except TRANSIENT:
                raise
            except Exception as exc:
                return self._set_aside(envelope, tracking, reason_of(exc), False)
            return bool(aggregates)
        raise RuntimeError(
            f"{envelope.event_type} {envelope.event_id}: no progress after {self.attempts} tries"
        )

    def _set_aside(self, envelope: Envelope, tracking: Tracking, reason: str, held: bool) -> bool:
        key = message_key(envelope).decode()
        self.letters.set_aside(
            stage=CONSUME,
            source=tracking.application_name,
            position=tracking.notification_id,
            key=key,
            event_type=envelope.event_type,
            event_id=str(envelope.event_id),
            record=encode(envelope).decode(),
            reason=reason,
            held=held,
        )
        self._held.add(key)
        with contextlib.suppress(IntegrityError):  # recorded meanwhile by another consumer
            record(self.app, tracking)  # the position: the stream carries on
        return False

    def retry(self, letter: DeadLetter) -> None:
        """Apply a set-aside delivery again, once: its own tracking name records it with
        the reaction's events (a second retry after a crash finds it done)."""
        envelope = decode(letter.record)
        tracking = Tracking(f"dead-letter:{letter.source}:{letter.position}", 1)
        for _ in range(self.attempts):
            if self.recorder.has_tracking_id(tracking.application_name, 1):
                return
            aggregates = self.react(envelope)
            try:
                record(self.app, tracking, *aggregates)
            except IntegrityError:
                continue
            return
        raise RuntimeError(f"dead letter {letter.id}: no progress after {self.attempts} tries")
