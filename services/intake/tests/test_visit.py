"""The Visit aggregate's rules: identity card custody, guest book, messages, departure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.intake.domain.identity_card import IdentityCard
from services.intake.domain.visit import GuestBookEntry, Message, Visit, VisitClosed, VisitError
from standard.errors import Conflict

ARRIVED = datetime.fromisoformat("2026-03-17T08:10:00+07:00")
CARD = IdentityCard.of("KTP", "3572011203900001")


def walk_in(card: IdentityCard | None = CARD) -> Visit:
    return Visit.walk_in(
        office_id="3572",
        visitor_ref="vr_test",
        occurred_at=ARRIVED,
        identity_card=card,
        profile={"occupation": "mahasiswa"},
        purpose="tugas_akhir",
    )


def online(channel: str = "whatsapp") -> Visit:
    return Visit.arrive(office_id="3572", channel=channel, visitor_ref="vr_t", occurred_at=ARRIVED)


def test_walk_in_without_identity_card_is_refused_naming_the_card() -> None:
    with pytest.raises(VisitError) as caught:
        walk_in(card=None)
    assert caught.value.field == "identity_card"
    assert "kartu identitas" in caught.value.reason


def test_walk_in_arrives_and_deposits_the_card_in_one_go() -> None:
    visit = walk_in()
    kinds = [type(event).__name__ for event in visit.collect_events()]
    assert kinds == ["Arrived", "IdentityCardDeposited"]
    assert visit.holds_identity_card and visit.identity_card is not None
    assert visit.identity_card["last4"] == "0001"


def test_visitor_cannot_depart_while_the_card_is_held() -> None:
    visit = walk_in()
    with pytest.raises(Conflict) as caught:
        visit.depart()
    assert caught.value.field == "identity_card"


def test_card_returned_then_visitor_departs() -> None:
    visit = walk_in()
    visit.return_identity_card(ARRIVED + timedelta(hours=1))
    visit.depart(ARRIVED + timedelta(hours=1))
    assert visit.departed_at == ARRIVED + timedelta(hours=1)
    assert not visit.holds_identity_card


def test_card_cannot_be_returned_twice() -> None:
    visit = walk_in()
    visit.return_identity_card()
    with pytest.raises(Conflict):
        visit.return_identity_card()


def test_a_second_card_is_refused_while_one_is_held() -> None:
    with pytest.raises(Conflict):
        walk_in().deposit_identity_card(IdentityCard.of("SIM", "123456789012"))


def test_online_visits_keep_no_identity_card() -> None:
    with pytest.raises(VisitError) as caught:
        online().deposit_identity_card(CARD)
    assert caught.value.field == "identity_card"


def test_guest_book_is_signed_once() -> None:
    visit = walk_in()
    visit.sign_guest_book(GuestBookEntry(occupation="mahasiswa", data_needed="kemiskinan"))
    with pytest.raises(Conflict):
        visit.sign_guest_book(GuestBookEntry(occupation="mahasiswa"))


def test_guest_book_category_outside_its_catalogue_is_refused_listing_the_allowed() -> None:
    with pytest.raises(VisitError) as caught:
        walk_in().sign_guest_book(GuestBookEntry(data_needed="data rahasia saya"))
    assert caught.value.field == "guest_book.data_needed"
    assert "kependudukan" in caught.value.reason


def test_profile_with_free_text_instead_of_a_category_is_refused() -> None:
    with pytest.raises(VisitError) as caught:
        Visit.arrive(
            office_id="3572",
            channel="halopst",
            visitor_ref="vr_t",
            occurred_at=ARRIVED,
            profile={"occupation": "dosen di Universitas Islam Balitar"},
        )
    assert caught.value.field == "visitor.occupation"


def test_unknown_consultation_type_is_refused() -> None:
    with pytest.raises(VisitError) as caught:
        Visit.arrive(
            office_id="3572",
            channel="halopst",
            visitor_ref="vr_t",
            occurred_at=ARRIVED,
            consultation_type="curhat",
        )
    assert caught.value.field == "consultation_type"


def test_arrival_time_must_carry_an_offset() -> None:
    with pytest.raises(VisitError) as caught:
        Visit.arrive(
            office_id="3572", channel="email", visitor_ref="vr", occurred_at=datetime(2026, 3, 17)
        )
    assert caught.value.field == "occurred_at"


def test_messages_attach_while_the_conversation_is_fresh() -> None:
    visit = online()
    visit.attach_message(Message(text="halo"), ARRIVED + timedelta(hours=2))
    assert visit.continues_conversation(ARRIVED + timedelta(hours=25), timedelta(hours=24))
    assert not visit.continues_conversation(ARRIVED + timedelta(hours=27), timedelta(hours=24))


def test_departed_visit_takes_no_more_messages() -> None:
    visit = online()
    visit.depart()
    with pytest.raises(VisitClosed):
        visit.attach_message(Message(text="masih di sana?"))
    assert not visit.continues_conversation(ARRIVED, timedelta(hours=24))


def test_departure_is_recorded_once() -> None:
    visit = online("email")
    visit.depart()
    with pytest.raises(VisitClosed):
        visit.depart()


def test_departure_without_a_time_records_now() -> None:
    visit = online()
    visit.depart()
    assert visit.departed_at is not None and visit.departed_at > ARRIVED
