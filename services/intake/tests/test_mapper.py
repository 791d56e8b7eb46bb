"""Domain events -> integration events: at most one each, valid, and codes only."""

from __future__ import annotations

from datetime import datetime

from events import decode, encode, payload_of
from events.catalogue import GuestBookSigned, IdentityCardDeposited, VisitorArrived
from services.intake.domain.identity_card import IdentityCard
from services.intake.domain.visit import GuestBookEntry, Message, Visit
from services.intake.domain.visitor import Visitor
from services.intake.mapper import to_envelope
from services.intake.visitor_ref import VisitorRefs

ARRIVED = datetime.fromisoformat("2026-03-17T08:10:00+07:00")
REFS = VisitorRefs(b"k" * 32)


def full_walk_in() -> list[object]:
    visit = Visit.walk_in(
        office_id="3572",
        visitor_ref="vr_0123",
        occurred_at=ARRIVED,
        identity_card=IdentityCard.of("PASPOR", "C1234567"),
        profile={"occupation": "mahasiswa", "gender": "P"},
        purpose="tugas_akhir",
    )
    visit.sign_guest_book(GuestBookEntry(education="s1", data_needed="kemiskinan", note="rahasia"))
    visit.return_identity_card()
    visit.depart()
    return list(visit.collect_events())


def test_each_front_office_event_maps_to_its_integration_event() -> None:
    envelopes = [to_envelope(event) for event in full_walk_in()]
    assert [e.event_type if e else None for e in envelopes] == [
        "VisitorArrived",
        "IdentityCardDeposited",
        "GuestBookSigned",
        "IdentityCardReturned",
        "VisitorDeparted",
    ]
    for envelope in envelopes:
        assert envelope is not None
        assert decode(encode(envelope)) == envelope  # valid against the catalogue


def test_arrival_carries_the_visitor_ref_and_categories_only() -> None:
    envelope = to_envelope(full_walk_in()[0])
    assert envelope is not None and envelope.occurred_at == ARRIVED
    payload = payload_of(envelope)
    assert isinstance(payload, VisitorArrived)
    assert payload.visitor.visitor_ref == "vr_0123" and payload.visitor.occupation == "mahasiswa"
    assert payload.purpose == "tugas_akhir" and payload.channel == "walk_in"


def test_card_deposit_publishes_the_type_and_last_four_only() -> None:
    envelope = to_envelope(full_walk_in()[1])
    assert envelope is not None
    assert isinstance(payload_of(envelope), IdentityCardDeposited)
    assert envelope.data["document_last4"] == "4567" and "C1234567" not in str(envelope.data)


def test_guest_book_publishes_categories_not_the_note() -> None:
    envelope = to_envelope(full_walk_in()[2])
    assert envelope is not None
    assert isinstance(payload_of(envelope), GuestBookSigned)
    assert envelope.data["data_needed"] == "kemiskinan" and "rahasia" not in str(envelope.data)


def test_messages_and_visitor_records_publish_nothing() -> None:
    visit = Visit.arrive(
        office_id="3572", channel="whatsapp", visitor_ref="vr", occurred_at=ARRIVED
    )
    visit.attach_message(Message(text="Selamat pagi"), ARRIVED)
    _, attached = visit.collect_events()
    visitor = Visitor(
        id=REFS.key_for("visitor", "vr"),
        office_id="3572",
        occurred_at=ARRIVED,
        visitor_ref="vr",
        name="Budi",
        identifiers=["phone:6281234567890"],
    )
    assert to_envelope(attached) is None
    assert [to_envelope(event) for event in visitor.collect_events()] == [None]
