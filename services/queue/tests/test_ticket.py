"""The Ticket aggregate's lifecycle and the transitions it refuses."""

from __future__ import annotations

import pytest

from services.queue.domain.errors import QueueRuleBroken, TicketStateConflict
from services.queue.domain.ids import ticket_id_for
from services.queue.domain.ticket import Ticket
from services.queue.tests.arrivals import at


def new_ticket(visit_id: str = "visit-1") -> Ticket:
    return Ticket(
        office_id="3572",
        visit_id=visit_id,
        queue="offline",
        channel="walk_in",
        number="A-001",
        occurred_at=at("08:10"),
    )


def called(officer: str = "petugas-ani") -> Ticket:
    ticket = new_ticket()
    ticket.call(officer, "Meja 1", at("08:15"))
    return ticket


def test_ticket_id_derives_from_the_visit_so_a_redelivered_arrival_is_one_ticket() -> None:
    assert new_ticket("visit-9").id == new_ticket("visit-9").id == ticket_id_for("visit-9")


def test_ticket_goes_from_waiting_through_consultation_to_completed() -> None:
    ticket = called()
    ticket.recall("petugas-ani", at("08:17"))
    ticket.start("petugas-ani", at("08:18"))
    ticket.complete("petugas-ani", True, ("ipm",), False, at("08:30"))
    assert ticket.state == "completed"
    assert (ticket.called_at, ticket.started_at, ticket.completed_at) == (
        at("08:15"),
        at("08:18"),
        at("08:30"),
    )
    assert ticket.outcome == {"data_provided": True, "topics": ["ipm"], "follow_up": False}


def test_a_called_ticket_cannot_be_called_again() -> None:
    ticket = called()
    with pytest.raises(TicketStateConflict, match="sudah dipanggil"):
        ticket.call("petugas-budi", "Meja 2", at("08:16"))


def test_a_ticket_cannot_be_started_before_it_was_called() -> None:
    with pytest.raises(TicketStateConflict, match="belum dipanggil"):
        new_ticket().start("petugas-ani", at("08:11"))


def test_a_ticket_cannot_be_started_twice() -> None:
    ticket = called()
    ticket.start("petugas-ani", at("08:16"))
    with pytest.raises(TicketStateConflict, match="sudah dimulai"):
        ticket.start("petugas-ani", at("08:17"))


def test_a_consultation_cannot_be_completed_before_it_started() -> None:
    with pytest.raises(TicketStateConflict, match="belum dimulai"):
        called().complete("petugas-ani", True, (), False, at("08:20"))


def test_only_the_officer_holding_the_ticket_starts_it() -> None:
    with pytest.raises(TicketStateConflict) as refused:
        called("petugas-ani").start("petugas-budi", at("08:16"))
    assert refused.value.field == "officer_id"


def test_a_step_dated_before_the_previous_one_is_refused() -> None:
    ticket = called()
    with pytest.raises(QueueRuleBroken) as refused:
        ticket.start("petugas-ani", at("08:14"))
    assert refused.value.field == "occurred_at"


def test_transfer_moves_the_ticket_to_another_officer_and_keeps_its_state() -> None:
    ticket = called()
    ticket.start("petugas-ani", at("08:16"))
    ticket.transfer("petugas-ani", "petugas-budi", "Meja 2", at("08:20"))
    assert (ticket.state, ticket.officer_id, ticket.desk) == (
        "in_consultation",
        "petugas-budi",
        "Meja 2",
    )
    ticket.complete("petugas-budi", False, (), True, at("08:40"))
    assert ticket.state == "completed"


def test_transfer_to_the_same_officer_is_refused() -> None:
    with pytest.raises(QueueRuleBroken) as refused:
        called().transfer("petugas-ani", "petugas-ani", "Meja 1", at("08:16"))
    assert refused.value.field == "to_officer_id"


def test_a_waiting_ticket_cannot_be_transferred() -> None:
    with pytest.raises(TicketStateConflict, match="belum dipanggil"):
        new_ticket().transfer("petugas-ani", "petugas-budi", "Meja 2", at("08:16"))


def test_no_show_abandons_a_called_ticket() -> None:
    ticket = called()
    ticket.abandon("no_show", "petugas-ani", at("08:25"))
    assert (ticket.state, ticket.abandon_reason) == ("abandoned", "no_show")


def test_an_unknown_abandon_reason_is_refused() -> None:
    with pytest.raises(QueueRuleBroken) as refused:
        new_ticket().abandon("bored", None, at("08:25"))
    assert refused.value.field == "reason"


def test_a_started_consultation_cannot_be_abandoned() -> None:
    ticket = called()
    ticket.start("petugas-ani", at("08:16"))
    with pytest.raises(TicketStateConflict, match="sudah dimulai"):
        ticket.abandon("left", "petugas-ani", at("08:20"))


def test_a_completed_ticket_accepts_no_further_step() -> None:
    ticket = called()
    ticket.start("petugas-ani", at("08:16"))
    ticket.complete("petugas-ani", True, (), False, at("08:20"))
    for step in (
        lambda: ticket.call("petugas-ani", "Meja 1", at("08:21")),
        lambda: ticket.recall("petugas-ani", at("08:21")),
        lambda: ticket.complete("petugas-ani", True, (), False, at("08:21")),
        lambda: ticket.abandon("left", None, at("08:21")),
    ):
        with pytest.raises(TicketStateConflict, match="sudah selesai"):
            step()


# --- walk-in steps on an online ticket -------------------------------------------------


def online_ticket(state: str = "called") -> Ticket:
    """An online ticket, waiting or called, with its recorded events collected (saved)."""
    ticket = Ticket(
        office_id="3572",
        visit_id="chat-1",
        queue="online",
        channel="whatsapp",
        number="O-001",
        occurred_at=at("08:10"),
    )
    if state == "called":
        ticket.call("petugas-ani", "Meja 1", at("08:15"))
    ticket.collect_events()
    return ticket


def test_an_online_ticket_is_not_recalled_and_nothing_is_recorded() -> None:
    ticket = online_ticket()
    version = ticket.version
    with pytest.raises(QueueRuleBroken) as refused:
        ticket.recall("petugas-ani", at("08:16"))
    assert refused.value.field == "ticket_id"
    indonesian, english = refused.value.reason.split(" / ")
    assert indonesian.startswith("tiket daring tidak dipanggil ulang: jawab di percakapan")
    assert english.startswith("an online ticket is not recalled: answer it in the conversation")
    assert ticket.collect_events() == [] and ticket.version == version
    assert ticket.state == "called" and ticket.last_at == at("08:15")


@pytest.mark.parametrize("state", ["waiting", "called"])
@pytest.mark.parametrize("reason", ["no_show", "left"])
def test_an_online_ticket_refuses_walk_in_abandon_reasons(state: str, reason: str) -> None:
    ticket = online_ticket(state)
    with pytest.raises(QueueRuleBroken) as refused:
        ticket.abandon(reason, "petugas-ani", at("08:20"))
    assert refused.value.field == "reason"
    assert f"'{reason}' hanya untuk kunjungan langsung; tiket daring hanya 'cancelled'" in (
        refused.value.reason
    )
    assert f"'{reason}' is for walk-ins only" in refused.value.reason
    assert ticket.collect_events() == [] and ticket.state == state


def test_an_online_ticket_may_be_cancelled() -> None:
    ticket = online_ticket()
    ticket.abandon("cancelled", "petugas-ani", at("08:20"))
    assert (ticket.state, ticket.abandon_reason) == ("abandoned", "cancelled")


def test_an_online_ticket_is_started_and_completed_as_a_walk_in_is() -> None:
    ticket = online_ticket()
    ticket.start("petugas-ani", at("08:16"))
    ticket.complete("petugas-ani", True, ("ipm",), False, at("08:30"))
    assert ticket.state == "completed"


def test_walk_in_steps_stay_open_to_walk_ins() -> None:
    ticket = called()
    ticket.recall("petugas-ani", at("08:16"))
    ticket.abandon("left", "petugas-ani", at("08:20"))
    assert (ticket.state, ticket.abandon_reason) == ("abandoned", "left")
