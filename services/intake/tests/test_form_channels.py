"""The form channels: walk-in reception and halopst, on their JSON payloads (fixtures/)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.intake.channels.base import MalformedPayload, RawInbound
from services.intake.channels.halopst import HalopstChannel
from services.intake.channels.walk_in import WalkInChannel
from services.intake.domain.identity_card import IdentityCardError
from services.intake.tests.payloads import fixture_bytes, fixture_json


def body(payload: dict[str, Any]) -> RawInbound:
    return RawInbound(body=json.dumps(payload).encode())


def test_walk_in_form_gives_the_card_the_contacts_and_only_categories_as_profile() -> None:
    [message] = WalkInChannel().parse(RawInbound(body=fixture_bytes("walk_in.json")))
    assert message.walk_in and message.channel == "walk_in"
    assert message.sender.identity_card is not None
    assert message.sender.identity_card.number == "3572011203900001"
    assert message.sender.phone == "0812-3456-7890" and message.sender.name == "Siti Rahayu"
    assert "name" not in message.profile and message.profile["occupation"] == "mahasiswa"


def test_walk_in_form_without_a_card_parses_so_the_domain_can_refuse_it() -> None:
    form = fixture_json("walk_in.json")
    del form["identity_card"]
    [message] = WalkInChannel().parse(body(form))
    assert message.sender.identity_card is None


def test_walk_in_card_number_of_the_wrong_shape_is_refused() -> None:
    form = fixture_json("walk_in.json")
    form["identity_card"]["number"] = "12345"
    with pytest.raises(IdentityCardError) as caught:
        WalkInChannel().parse(body(form))
    assert caught.value.field == "identity_card.number"


def test_walk_in_with_an_unknown_field_is_refused_naming_it() -> None:
    form = {**fixture_json("walk_in.json"), "remarks": "teman Pak Kepala"}
    with pytest.raises(MalformedPayload) as caught:
        WalkInChannel().parse(body(form))
    assert caught.value.field == "remarks"


def test_halopst_request_keeps_its_id_for_deduplication() -> None:
    [message] = HalopstChannel().parse(RawInbound(body=fixture_bytes("halopst_request.json")))
    assert message.message_id == "HPST-3572-2026-000123"
    assert message.consultation_type == "permintaan_data"
    assert message.sender.email == "budi.santoso@example.ac.id"


def test_halopst_request_without_registered_email_is_refused_naming_it() -> None:
    form = fixture_json("halopst_request.json")
    del form["registered_email"]
    with pytest.raises(MalformedPayload) as caught:
        HalopstChannel().parse(body(form))
    assert caught.value.field == "registered_email" and "terdaftar" in caught.value.reason


def test_halopst_unknown_consultation_type_lists_the_allowed_ones() -> None:
    form = {**fixture_json("halopst_request.json"), "consultation_type": "konsultasi_pribadi"}
    with pytest.raises(MalformedPayload) as caught:
        HalopstChannel().parse(body(form))
    assert caught.value.field == "consultation_type"
    for allowed in ("konsultasi_statistik", "konsultasi_data", "permintaan_data"):
        assert allowed in caught.value.reason
    assert "rekomendasi_kegiatan_statistik" in caught.value.reason
