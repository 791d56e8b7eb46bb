"""The Officer aggregate: duty, breaks, and one ticket in hand at a time."""

from __future__ import annotations

import uuid

import pytest

from services.queue.domain.errors import OfficerStateConflict
from services.queue.domain.officer import Officer
from services.queue.tests.arrivals import at


def on_duty() -> Officer:
    officer = Officer(office_id="3572", officer_id="petugas-ani", occurred_at=at("07:55"))
    officer.sign_on("Meja 1", at("07:55"))
    return officer


def test_officer_signs_on_takes_a_break_comes_back_and_signs_off() -> None:
    officer = on_duty()
    officer.start_break(at("12:00"))
    assert officer.status == "on_break"
    officer.end_break(at("12:30"))
    officer.sign_off(at("15:30"))
    assert (officer.status, officer.desk) == ("off_duty", None)


def test_signing_on_twice_is_refused() -> None:
    with pytest.raises(OfficerStateConflict, match="sedang bertugas"):
        on_duty().sign_on("Meja 2", at("08:00"))


def test_an_officer_on_a_break_cannot_take_a_ticket() -> None:
    officer = on_duty()
    officer.start_break(at("12:00"))
    with pytest.raises(OfficerStateConflict, match="istirahat"):
        officer.take(uuid.uuid4(), at("12:05"))


def test_an_officer_off_duty_cannot_take_a_ticket() -> None:
    officer = Officer(office_id="3572", officer_id="petugas-ani", occurred_at=at("07:55"))
    with pytest.raises(OfficerStateConflict, match="tidak sedang bertugas"):
        officer.take(uuid.uuid4(), at("08:05"))


def test_an_officer_serves_one_ticket_at_a_time() -> None:
    officer = on_duty()
    officer.take(uuid.uuid4(), at("08:10"))
    with pytest.raises(OfficerStateConflict, match="masih memegang tiket"):
        officer.take(uuid.uuid4(), at("08:11"))


def test_an_officer_holding_a_ticket_cannot_break_or_sign_off() -> None:
    officer = on_duty()
    officer.take(uuid.uuid4(), at("08:10"))
    with pytest.raises(OfficerStateConflict):
        officer.start_break(at("08:20"))
    with pytest.raises(OfficerStateConflict):
        officer.sign_off(at("08:20"))


def test_releasing_a_ticket_the_officer_does_not_hold_is_refused() -> None:
    officer = on_duty()
    officer.take(uuid.uuid4(), at("08:10"))
    with pytest.raises(OfficerStateConflict):
        officer.release(uuid.uuid4(), at("08:20"))


def test_ending_a_break_that_never_started_is_refused() -> None:
    with pytest.raises(OfficerStateConflict, match="tidak sedang istirahat"):
        on_duty().end_break(at("09:00"))
