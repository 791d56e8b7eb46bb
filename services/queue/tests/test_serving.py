"""Serving: call next (oldest first, per queue), and the rules that hold under races."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from services.queue.application import QueueApplication
from services.queue.domain.errors import (
    OfficerNotFound,
    OfficerStateConflict,
    QueueEmpty,
    TicketNotFound,
    TicketStateConflict,
)
from services.queue.domain.ids import ticket_id_for
from services.queue.domain.ticket import Ticket
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, at, delivered

OUTCOME = {"data_provided": True, "topics": ["ipm"], "follow_up": False}


def queue_up(app: QueueApplication, *visits: tuple[str, str, str]) -> None:
    """(visit_id, channel, HH:MM) arrivals, in the order given."""
    consume_intake(app, [delivered(arrival(v, ch, at(hm))) for v, ch, hm in visits])


def test_call_next_takes_the_oldest_arrival_not_the_first_processed(app: QueueApplication) -> None:
    queue_up(app, ("late", "walk_in", "08:20"), ("early", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:25"))
    assert ticket.visit_id == "early"
    assert (ticket.state, ticket.officer_id, ticket.desk) == ("called", "petugas-ani", "Meja 1")


def test_the_officer_chooses_which_queue_to_call(app: QueueApplication) -> None:
    queue_up(app, ("walk", "walk_in", "08:10"), ("chat", "whatsapp", "08:12"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    assert app.call_next("3572", "online", "petugas-ani", at("08:13")).visit_id == "chat"


def test_call_next_on_an_empty_queue_says_nobody_waits(app: QueueApplication) -> None:
    queue_up(app, ("walk", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    with pytest.raises(QueueEmpty) as refused:
        app.call_next("3572", "online", "petugas-ani", at("08:13"))
    assert refused.value.field == "queue"


def test_an_officer_who_never_signed_on_cannot_call(app: QueueApplication) -> None:
    queue_up(app, ("walk", "walk_in", "08:10"))
    with pytest.raises(OfficerNotFound):
        app.call_next("3572", "offline", "petugas-ani", at("08:13"))


def test_an_officer_on_a_break_cannot_call(app: QueueApplication) -> None:
    queue_up(app, ("walk", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.change_duty("start_break", "3572", "petugas-ani", at("08:05"))
    with pytest.raises(OfficerStateConflict, match="istirahat"):
        app.call_next("3572", "offline", "petugas-ani", at("08:13"))


def test_an_officer_serving_someone_cannot_call_another(app: QueueApplication) -> None:
    queue_up(app, ("a", "walk_in", "08:10"), ("b", "walk_in", "08:11"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    with pytest.raises(OfficerStateConflict, match="masih memegang tiket"):
        app.call_next("3572", "offline", "petugas-ani", at("08:13"))


def test_completing_frees_the_officer_for_the_next_visitor(app: QueueApplication) -> None:
    queue_up(app, ("a", "walk_in", "08:10"), ("b", "walk_in", "08:11"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    first = app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    app.start("3572", first.id, "petugas-ani", at("08:13"))
    app.complete("3572", first.id, "petugas-ani", OUTCOME, at("08:25"))
    assert app.call_next("3572", "offline", "petugas-ani", at("08:26")).visit_id == "b"


def test_a_consultation_started_by_an_officer_not_holding_it_is_refused(
    app: QueueApplication,
) -> None:
    queue_up(app, ("a", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.sign_on("3572", "petugas-budi", "Meja 2", at("08:00"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    with pytest.raises(TicketStateConflict) as refused:
        app.start("3572", ticket.id, "petugas-budi", at("08:13"))
    assert refused.value.field == "officer_id"


def test_transfer_hands_the_visitor_and_the_duty_to_another_officer(app: QueueApplication) -> None:
    queue_up(app, ("a", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.sign_on("3572", "petugas-budi", "Meja 2", at("08:00"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    app.start("3572", ticket.id, "petugas-ani", at("08:13"))
    moved = app.transfer("3572", ticket.id, "petugas-ani", "petugas-budi", at("08:20"))
    assert (moved.officer_id, moved.desk) == ("petugas-budi", "Meja 2")
    assert app.get_officer("3572", "petugas-ani").serving is None
    assert app.get_officer("3572", "petugas-budi").serving == ticket.id
    app.complete("3572", ticket.id, "petugas-budi", OUTCOME, at("08:30"))


def test_transfer_to_an_officer_on_a_break_is_refused(app: QueueApplication) -> None:
    queue_up(app, ("a", "walk_in", "08:10"))
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.sign_on("3572", "petugas-budi", "Meja 2", at("08:00"))
    app.change_duty("start_break", "3572", "petugas-budi", at("08:05"))
    ticket = app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    with pytest.raises(OfficerStateConflict) as refused:
        app.transfer("3572", ticket.id, "petugas-ani", "petugas-budi", at("08:20"))
    assert refused.value.field == "to_officer_id"
    assert app.get_ticket(ticket.id).officer_id == "petugas-ani"  # nothing changed


def test_a_ticket_of_another_office_is_not_found(app: QueueApplication) -> None:
    queue_up(app, ("a", "walk_in", "08:10"))
    with pytest.raises(TicketNotFound):
        app.start("3573", ticket_id_for("a"), "petugas-ani", at("08:13"))


def test_officers_calling_at_once_never_get_the_same_visitor(app: QueueApplication) -> None:
    visits = [(f"v{i:02d}", "walk_in", f"08:{i:02d}") for i in range(40)]
    queue_up(app, *visits)
    officers = [f"petugas-{n}" for n in range(4)]
    for officer in officers:
        app.sign_on("3572", officer, officer, at("07:50"))
    got: list[str] = []
    start = threading.Barrier(len(officers))

    def serve(officer: str) -> None:
        start.wait()
        while True:
            try:
                ticket = app.call_next("3572", "offline", officer)
            except QueueEmpty:
                return
            got.append(ticket.visit_id)
            app.abandon("3572", ticket.id, "no_show", officer)

    threads = [threading.Thread(target=serve, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == sorted(v for v, _, _ in visits)  # each exactly once
    calls = Counter(
        n.originator_id
        for n in app.recorder.select_notifications(0, 10_000)
        if n.topic.endswith("Ticket.Called")
    )
    assert set(calls.values()) == {1}


def test_a_call_that_lost_the_race_retries_with_the_next_candidate(tmp_path: Path) -> None:
    """Two API processes over one store: the loser's save conflicts, it calls the next one."""
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(tmp_path / "queue.sqlite3"),
        "CREATE_TABLE": "true",
    }
    first, second = QueueApplication(env), QueueApplication(env)
    queue_up(first, ("a", "walk_in", "08:10"), ("b", "walk_in", "08:11"))
    first.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    first.sign_on("3572", "petugas-budi", "Meja 2", at("08:00"))
    load = first.get_ticket

    def load_then_lose_the_race(
        ticket_id: UUID, office_id: str | None = None, **scope: Any
    ) -> Ticket:
        stale = load(ticket_id, office_id, **scope)
        if stale.visit_id == "a" and stale.state == "waiting":
            second.call_next("3572", "offline", "petugas-budi", at("08:12"))
        return stale

    first.get_ticket = load_then_lose_the_race  # type: ignore[method-assign]
    won = first.call_next("3572", "offline", "petugas-ani", at("08:12"))
    assert won.visit_id == "b"
    assert first.call_conflicts == 1
    assert second.get_ticket(ticket_id_for("a")).officer_id == "petugas-budi"
