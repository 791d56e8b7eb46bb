"""How the queue reacts to intake: arrivals become tickets, departures end waiting.

Each delivery is applied once, atomically with its tracking position. Unlike the hub's
`apply_deliveries`, a version conflict is not taken for a duplicate: the queue's
reactions touch shared aggregates (the day's ticket roll; a ticket an officer is calling
right now), so the reaction runs again on fresh state until it records or finds nothing
left to do (a redelivered arrival finds its ticket and records only the position).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

from events import OFFLINE_CHANNELS, Envelope
from infra.processing import record_with_tracking
from services.queue.application import QueueApplication
from services.queue.domain.errors import TicketNotFound
from services.queue.domain.ids import roll_id_for, ticket_id_for
from services.queue.domain.ticket import CALLED, WAITING, Ticket
from services.queue.domain.ticket_roll import TicketRoll
from standard.errors import RuleViolation

log = logging.getLogger(__name__)

ATTEMPTS = 20


def enqueue_arrived_visitor(app: QueueApplication, envelope: Envelope) -> list[Any]:
    """A ticket numbered on the office-day's roll, unless the visit already has one."""
    data = envelope.data
    visit_id, channel = str(data["visit_id"]), str(data["channel"])
    if ticket_id_for(visit_id) in app.repository:
        return []
    queue = "offline" if channel in OFFLINE_CHANNELS else "online"
    office_id, arrived_at = envelope.office_id, envelope.occurred_at
    day = app.calendars.local_date(office_id, arrived_at).isoformat()
    try:
        roll: TicketRoll = app.repository.get(roll_id_for(office_id, day, queue))
    except AggregateNotFoundError:
        roll = TicketRoll(office_id=office_id, day=day, queue=queue, occurred_at=arrived_at)
    ticket = Ticket(
        office_id=office_id,
        visit_id=visit_id,
        queue=queue,
        channel=channel,
        number=roll.issue(arrived_at),
        occurred_at=arrived_at,
    )
    return [roll, ticket]


def abandon_departed_visitor(app: QueueApplication, envelope: Envelope) -> list[Any]:
    """A visitor who left while waiting or called is marked `left` (their officer freed)."""
    try:
        ticket = app.get_ticket(ticket_id_for(str(envelope.data["visit_id"])))
    except TicketNotFound:
        return []
    if ticket.state not in (WAITING, CALLED):
        return []  # in consultation, completed or abandoned: a normal departure
    holder = ticket.holder
    moment = max(envelope.occurred_at, ticket.last_at)
    ticket.abandon("left", occurred_at=moment)
    if holder is None:
        return [ticket]
    officer = app.get_officer(ticket.office_id, holder)
    officer.release(ticket.id, max(moment, officer.last_at))
    return [ticket, officer]


REACTIONS = {
    "VisitorArrived": enqueue_arrived_visitor,
    "VisitorDeparted": abandon_departed_visitor,
}


def react(app: QueueApplication, envelope: Envelope) -> list[Any]:
    reaction = REACTIONS.get(envelope.event_type)
    if reaction is None:
        return []
    try:
        return reaction(app, envelope)
    except RuleViolation as exc:
        log.warning("%s %s not applied: %s", envelope.event_type, envelope.event_id, exc)
        return []


def apply_once(app: QueueApplication, envelope: Envelope, tracking: Tracking) -> bool:
    """Record the reaction with the position; True when it recorded new events."""
    recorder = app.recorder
    assert isinstance(recorder, ProcessRecorder)
    for _ in range(ATTEMPTS):
        if recorder.has_tracking_id(tracking.application_name, tracking.notification_id):
            return False
        aggregates = react(app, envelope)
        try:
            record_with_tracking(app, tracking, *aggregates)
        except IntegrityError:
            continue  # a concurrent writer moved an aggregate on: react again
        take_due_snapshots(app, aggregates)
        return bool(aggregates)
    raise RuntimeError(f"{envelope.event_type} {envelope.event_id}: no progress after {ATTEMPTS}")


def take_due_snapshots(app: QueueApplication, aggregates: Sequence[Any]) -> None:
    """Recording with tracking bypasses `save`, which is where the library snapshots."""
    for aggregate in aggregates:
        interval = app.snapshotting_intervals.get(type(aggregate))
        if interval and aggregate.version % interval == 0:
            app.take_snapshot(aggregate.id, aggregate.version)


def consume_intake(app: QueueApplication, deliveries: Sequence[tuple[Envelope, Tracking]]) -> int:
    """The queue's handler of intake's deliveries (embedded log or Kafka)."""
    return sum(apply_once(app, envelope, tracking) for envelope, tracking in deliveries)
