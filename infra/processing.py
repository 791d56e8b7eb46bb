"""Exactly-once reactions for event-sourced consumers.

A reaction turns one integration event into aggregates with new events; they are
recorded atomically with the delivery's tracking position (the library's process
recorder), so a crash or a redelivery never applies an event twice.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

from events import Envelope
from standard.errors import RuleViolation

log = logging.getLogger(__name__)

Reaction = Callable[[Envelope], Sequence[Any]]


def record_with_tracking(app: Application[Any], tracking: Tracking, *aggregates: Any) -> None:
    processing = ProcessingEvent[Any](tracking=tracking)
    processing.collect_events(*aggregates)
    app._record(processing)  # the library's own path for EventSourcedProjection


def last_position(app: Application[Any]) -> Callable[[str], int | None]:
    recorder = app.recorder
    assert isinstance(recorder, ProcessRecorder)
    return recorder.max_tracking_id


def apply_deliveries(
    app: Application[Any],
    deliveries: Sequence[tuple[Envelope, Tracking]],
    react: Reaction,
    attempts: int = 3,
) -> int:
    """Apply each delivery once; return how many produced new events.

    A version conflict means another writer got there first: the reaction runs again on
    fresh state (so it can see that its work is done, or redo it on the new version).
    When it still conflicts, the event was applied before at another position
    (deterministic ids collide) and only the position is recorded.
    """
    recorder = app.recorder
    assert isinstance(recorder, ProcessRecorder)
    applied = 0
    for envelope, tracking in deliveries:
        if recorder.has_tracking_id(tracking.application_name, tracking.notification_id):
            continue  # seen at this position already
        applied += _apply_one(app, recorder, envelope, tracking, react, attempts)
    return applied


def _apply_one(
    app: Application[Any],
    recorder: ProcessRecorder,
    envelope: Envelope,
    tracking: Tracking,
    react: Reaction,
    attempts: int,
) -> int:
    for _ in range(attempts):
        try:
            aggregates = react(envelope)
        except RuleViolation as exc:
            log.warning("%s %s not applied: %s", envelope.event_type, envelope.event_id, exc)
            aggregates = ()
        try:
            record_with_tracking(app, tracking, *aggregates)
            return int(bool(aggregates))
        except IntegrityError:
            continue
    _record_position_only(recorder, tracking)
    return 0


def _record_position_only(recorder: ProcessRecorder, tracking: Tracking) -> None:
    with contextlib.suppress(IntegrityError):
        recorder.insert_tracking(tracking)
