"""How the queue reacts to intake: arrivals become tickets, departures end waiting.

Each delivery is applied once, atomically with its tracking position (`infra.processing`).
The reactions touch shared aggregates (the day's ticket roll; a ticket an officer is
calling right now): on a version conflict they run again on fresh state, and a
redelivered arrival finds its ticket and records only the position.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from events import OFFLINE_CHANNELS, Envelope
from infra.dead_letters import DeadLetters
from infra.processing import ExactlyOnce
from infra.transport import Delivery
from services.queue.application import QueueApplication
from services.queue.domain.errors import TicketNotFound
from services.queue.domain.ids import roll_id_for, ticket_id_for
from services.queue.domain.ticket import CALLED, ONLINE_REASON, WAITING, Ticket
from services.queue.domain.ticket_roll import TicketRoll


def enqueue_arrived_visitor(app: QueueApplication, envelope: Envelope) -> list[Any]:
    """A ticket numbered on the office-day's roll, unless the visit already has one."""
    data = envelope.data
    visit_id, channel = str(data["visit_id"]), str(data["channel"])
    if ticket_id_for(visit_id) in app.repository:
        return []
    queue = "offline" if channel in OFFLINE_CHANNELS else "online"
    office_id, arrived_at = envelope.office_id, envelope.occurred_at
    day = app.offices.calendar(office_id).local_date(arrived_at).isoformat()
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
    """A visitor who left while waiting or called is marked `left` (their officer freed);
    an online visit that intake closed (answered, unreachable) before its consultation
    started is `cancelled`: `left` is a walk-in's step."""
    try:
        ticket = app.get_ticket(ticket_id_for(str(envelope.data["visit_id"])))
    except TicketNotFound:
        return []
    if ticket.state not in (WAITING, CALLED):
        return []  # in consultation, completed or abandoned: a normal departure
    holder = ticket.holder
    moment = max(envelope.occurred_at, ticket.last_at)
    ticket.abandon("left" if ticket.queue == "offline" else ONLINE_REASON, occurred_at=moment)
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
    return [] if reaction is None else reaction(app, envelope)


def intake_consumer(app: QueueApplication) -> ExactlyOnce:
    """The queue's handler of intake's deliveries (embedded log or Kafka)."""
    return ExactlyOnce(app, partial(react, app), letters=DeadLetters(app, "queue"))


def consume_intake(app: QueueApplication, deliveries: Sequence[Delivery]) -> int:
    return intake_consumer(app)(deliveries)
