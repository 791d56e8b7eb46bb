"""The mapper publishes EVENTS.md's queue events, valid, without personal data."""

from __future__ import annotations

import uuid

from events import payload_of
from services.queue.domain.officer import Officer
from services.queue.domain.ticket import Ticket
from services.queue.domain.ticket_roll import TicketRoll
from services.queue.mapper import to_envelope
from services.queue.tests.arrivals import at


def test_every_ticket_step_maps_to_its_catalogue_event_keyed_by_the_visit() -> None:
    ticket = Ticket(
        office_id="3572",
        visit_id="visit-7",
        queue="offline",
        channel="walk_in",
        number="A-007",
        occurred_at=at("08:10"),
    )
    ticket.call("petugas-ani", "Meja 1", at("08:15"))
    ticket.recall("petugas-ani", at("08:16"))
    ticket.start("petugas-ani", at("08:17"))
    ticket.transfer("petugas-ani", "petugas-budi", "Meja 2", at("08:20"))
    ticket.complete("petugas-budi", True, ("ipm",), True, at("08:30"))
    envelopes = [to_envelope(event) for event in ticket.collect_events()]
    assert [e.event_type for e in envelopes if e] == [
        "VisitorQueued",
        "VisitorCalled",
        "VisitorCalled",
        "ConsultationStarted",
        "VisitorTransferred",
        "ConsultationCompleted",
    ]
    for envelope in envelopes:
        assert envelope is not None and payload_of(envelope) is not None
        assert envelope.visit_id == "visit-7" and envelope.source == "queue"
        assert envelope.stream_id == str(ticket.id)
    assert envelopes[4].data == {  # type: ignore[union-attr]
        "visit_id": "visit-7",
        "from_officer_id": "petugas-ani",
        "to_officer_id": "petugas-budi",
    }
    assert envelopes[5].occurred_at == at("08:30")  # type: ignore[union-attr]


def test_abandonment_carries_its_reason() -> None:
    ticket = Ticket(
        office_id="3572",
        visit_id="visit-8",
        queue="online",
        channel="email",
        number="O-001",
        occurred_at=at("08:10"),
    )
    ticket.abandon("cancelled", None, at("09:00"))
    envelope = to_envelope(ticket.collect_events()[-1])
    assert envelope is not None and envelope.event_type == "VisitAbandoned"
    assert envelope.data == {"visit_id": "visit-8", "reason": "cancelled"}


def test_officer_duty_maps_by_staff_id_and_bookkeeping_maps_to_nothing() -> None:
    officer = Officer(office_id="3572", officer_id="petugas-ani", occurred_at=at("07:55"))
    officer.sign_on("Meja 1", at("07:55"))
    officer.take(uuid.uuid4(), at("08:00"))
    officer.release(officer.serving, at("08:05"))  # type: ignore[arg-type]
    officer.start_break(at("12:00"))
    officer.end_break(at("12:30"))
    officer.sign_off(at("15:30"))
    envelopes = [to_envelope(event) for event in officer.collect_events()]
    published = [(e.event_type, e.data) for e in envelopes if e is not None]
    assert published == [
        ("OfficerSignedOn", {"officer_id": "petugas-ani", "desk": "Meja 1"}),
        ("OfficerBreakStarted", {"officer_id": "petugas-ani"}),
        ("OfficerBreakEnded", {"officer_id": "petugas-ani"}),
        ("OfficerSignedOff", {"officer_id": "petugas-ani"}),
    ]
    roll = TicketRoll(office_id="3572", day="2026-03-17", queue="offline", occurred_at=at("08:00"))
    roll.issue(at("08:00"))
    assert [to_envelope(event) for event in roll.collect_events()] == [None, None]
