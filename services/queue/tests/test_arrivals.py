"""Arrived visitors become tickets: numbered per office, queue and day, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime

from infra.processing import last_position
from services.queue.application import QueueApplication
from services.queue.domain.ids import ticket_id_for
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, at, delivered, departure


def number_of(app: QueueApplication, visit_id: str) -> str:
    return app.get_ticket(ticket_id_for(visit_id)).number


def test_walk_ins_and_online_requests_are_numbered_per_queue(app: QueueApplication) -> None:
    envelopes = [
        arrival("w1", "walk_in", at("08:01")),
        arrival("o1", "whatsapp", at("08:02")),
        arrival("w2", "walk_in", at("08:03")),
        arrival("o2", "halopst", at("08:04")),
    ]
    consume_intake(app, [delivered(e) for e in envelopes])
    assert [number_of(app, v) for v in ("w1", "w2", "o1", "o2")] == [
        "A-001",
        "A-002",
        "O-001",
        "O-002",
    ]
    assert app.get_ticket(ticket_id_for("o1")).queue == "online"


def test_numbers_restart_each_office_local_day_and_per_office(app: QueueApplication) -> None:
    late_evening_utc = datetime(2026, 3, 17, 17, 30, tzinfo=UTC)  # 00:30 WIB on the 18th
    consume_intake(
        app,
        [
            delivered(arrival("day1", when=at("15:00"))),
            delivered(arrival("day2", when=late_evening_utc)),
            delivered(arrival("other-office", when=at("15:05"), office_id="3573")),
        ],
    )
    assert number_of(app, "day1") == "A-001"
    assert number_of(app, "day2") == "A-001"
    assert number_of(app, "other-office") == "A-001"


def test_the_same_arrival_delivered_twice_is_one_ticket(app: QueueApplication) -> None:
    first = arrival("visit-1")
    assert consume_intake(app, [delivered(first), delivered(first)]) == 1
    consume_intake(app, [delivered(arrival("visit-2", when=at("08:20")))])
    assert number_of(app, "visit-1") == "A-001"
    assert number_of(app, "visit-2") == "A-002"  # the duplicate took no number
    app.board.catch_up()
    assert [t.visit_id for t in app.board.waiting("3572", "offline")] == ["visit-1", "visit-2"]


def test_a_delivery_at_a_recorded_position_is_skipped(app: QueueApplication) -> None:
    assert consume_intake(app, [delivered(arrival("visit-1"), position=7)]) == 1
    assert consume_intake(app, [delivered(arrival("visit-x"), position=7)]) == 0
    app.board.catch_up()
    assert len(app.board.waiting("3572", "offline")) == 1


def test_an_arrival_from_an_unknown_office_is_logged_and_skipped(app: QueueApplication) -> None:
    assert consume_intake(app, [delivered(arrival("visit-1", office_id="9999"))]) == 0
    assert last_position(app)("intake") is not None  # the position moved on


def test_a_visitor_who_leaves_while_waiting_is_abandoned_as_left(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("visit-1"))])
    consume_intake(app, [delivered(departure("visit-1", at("08:30")))])
    ticket = app.get_ticket(ticket_id_for("visit-1"))
    assert (ticket.state, ticket.abandon_reason) == ("abandoned", "left")


def test_a_called_visitor_who_leaves_frees_the_officer(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("visit-1"))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.call_next("3572", "offline", "petugas-ani", at("08:15"))
    consume_intake(app, [delivered(departure("visit-1", at("08:20")))])
    assert app.get_ticket(ticket_id_for("visit-1")).state == "abandoned"
    assert app.get_officer("3572", "petugas-ani").serving is None


def test_a_departure_after_the_consultation_changes_nothing(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("visit-1"))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:15"))
    app.start("3572", ticket.id, "petugas-ani", at("08:16"))
    app.complete(
        "3572", ticket.id, "petugas-ani", {"data_provided": True, "follow_up": False}, at("08:30")
    )
    assert consume_intake(app, [delivered(departure("visit-1", at("08:35")))]) == 0
    assert app.get_ticket(ticket.id).state == "completed"


def test_an_online_visit_closed_by_intake_while_waiting_is_cancelled(
    app: QueueApplication,
) -> None:
    """Intake closed it (answered, unreachable): `left` is a walk-in's step."""
    consume_intake(app, [delivered(arrival("chat-1", "whatsapp"))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    consume_intake(app, [delivered(arrival("chat-2", "email", at("08:11")))])
    app.call_next("3572", "online", "petugas-ani", at("08:15"))  # chat-1, the oldest
    assert consume_intake(app, [delivered(departure("chat-1", at("08:20")))]) == 1
    assert consume_intake(app, [delivered(departure("chat-2", at("08:21")))]) == 1
    for visit in ("chat-1", "chat-2"):
        ticket = app.get_ticket(ticket_id_for(visit))
        assert (ticket.state, ticket.abandon_reason) == ("abandoned", "cancelled")
    assert app.get_officer("3572", "petugas-ani").serving is None
