"""The queue's domain events -> integration events (EVENTS.md, section queue).

Ticket numbering (TicketRoll) and the officer's ticket in hand are private bookkeeping:
they map to nothing. Officers appear on the bus by their staff id (`petugas-ani`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events import Envelope
from events.building import envelope_for
from services.queue.domain.officer import Officer
from services.queue.domain.ticket import Ticket

SOURCE = "queue"
Data = Callable[[Any], dict[str, Any]]


def _queued(event: Any) -> dict[str, Any]:
    return {"queue": event.queue, "ticket": event.number}


def _officer_at_desk(event: Any) -> dict[str, Any]:
    return {"officer_id": event.officer_id, "desk": event.desk}


def _completed(event: Any) -> dict[str, Any]:
    return {"officer_id": event.officer_id, "outcome": event.outcome}


def _transferred(event: Any) -> dict[str, Any]:
    return {"from_officer_id": event.from_officer_id, "to_officer_id": event.to_officer_id}


def _abandoned(event: Any) -> dict[str, Any]:
    return {"reason": event.reason}


TICKET_EVENTS: dict[type, tuple[str, Data]] = {
    Ticket.Queued: ("VisitorQueued", _queued),
    Ticket.Called: ("VisitorCalled", _officer_at_desk),
    Ticket.Recalled: ("VisitorCalled", _officer_at_desk),
    Ticket.Started: ("ConsultationStarted", _officer_at_desk),
    Ticket.Completed: ("ConsultationCompleted", _completed),
    Ticket.Transferred: ("VisitorTransferred", _transferred),
    Ticket.Abandoned: ("VisitAbandoned", _abandoned),
}

OFFICER_EVENTS: dict[type, str] = {
    Officer.SignedOn: "OfficerSignedOn",
    Officer.SignedOff: "OfficerSignedOff",
    Officer.BreakStarted: "OfficerBreakStarted",
    Officer.BreakEnded: "OfficerBreakEnded",
}


def to_envelope(domain_event: Any) -> Envelope | None:
    ticket_event = TICKET_EVENTS.get(type(domain_event))
    if ticket_event is not None:
        event_type, data = ticket_event
        payload = {"visit_id": domain_event.visit_id, **data(domain_event)}
        return envelope_for(domain_event, SOURCE, event_type, payload)
    officer_event = OFFICER_EVENTS.get(type(domain_event))
    if officer_event is not None:
        payload = {"officer_id": domain_event.officer_id}
        if officer_event == "OfficerSignedOn":
            payload["desk"] = domain_event.desk
        return envelope_for(domain_event, SOURCE, officer_event, payload)
    return None
