"""One person, one visitor_ref, whatever channel they come by (and nothing in clear)."""

from __future__ import annotations

import json

from services.intake.tests.payloads import (
    fixture_bytes,
    fixture_json,
    post_email,
    post_halopst,
    post_walk_in,
    post_whatsapp,
)
from services.intake.visitor_ref import VisitorRefs, normalise_identity
from tests.harness import HubClient


def whatsapp_ref(client: HubClient, body: bytes) -> str:
    [visit_id] = post_whatsapp(client, body).json()["visit_ids"]
    app = client.hub.services["intake"].application
    return str(app.get_visit(visit_id).visitor_ref)  # type: ignore[union-attr]


def test_walk_in_and_whatsapp_user_with_one_phone_number_are_one_visitor(
    client: HubClient,
) -> None:
    walk_in = post_walk_in(client).json()  # phone 0812-3456-7890
    assert whatsapp_ref(client, fixture_bytes("whatsapp_text.json")) == walk_in["visitor_ref"]


def test_whatsapp_user_who_later_walks_in_keeps_their_visitor_ref(client: HubClient) -> None:
    first = whatsapp_ref(client, fixture_bytes("whatsapp_text.json"))
    assert post_walk_in(client).json()["visitor_ref"] == first


def test_walk_in_and_email_sender_with_one_address_are_one_visitor(client: HubClient) -> None:
    form = fixture_json("walk_in.json")
    form["visitor"] = {"name": "Rina Wulandari", "email": "RINA.wulandari@example.com"}
    walk_in = post_walk_in(client, form).json()
    [visit_id] = post_email(client, fixture_bytes("email_plain.eml")).json()["visit_ids"]
    app = client.hub.services["intake"].application
    assert app.get_visit(visit_id).visitor_ref == walk_in["visitor_ref"]  # type: ignore[union-attr]


def test_identifiers_given_together_link_all_channels(client: HubClient) -> None:
    form = fixture_json("walk_in.json")
    form["visitor"] = {
        "name": "Budi Santoso",
        "phone": "+62 812-3456-7890",
        "email": "budi.santoso@example.ac.id",
    }
    walk_in = post_walk_in(client, form).json()
    halopst = post_halopst(client).json()  # registered with the e-mail only
    assert halopst["visitor_ref"] == walk_in["visitor_ref"]
    assert whatsapp_ref(client, fixture_bytes("whatsapp_text.json")) == walk_in["visitor_ref"]


def test_different_people_are_different_visitors(client: HubClient) -> None:
    payload = json.loads(fixture_bytes("whatsapp_batch.json"))
    batch = post_whatsapp(client, json.dumps(payload).encode()).json()
    app = client.hub.services["intake"].application
    refs = {app.get_visit(v).visitor_ref for v in batch["visit_ids"]}  # type: ignore[union-attr]
    assert len(refs) == 2


def test_visitor_ref_is_a_keyed_hash_of_the_normalised_identifier() -> None:
    refs = VisitorRefs(b"k" * 32)
    assert refs.ref_for("0812-3456-7890") == refs.ref_for("+62 812 3456 7890")
    assert refs.ref_for("0812-3456-7890") != VisitorRefs(b"o" * 32).ref_for("0812-3456-7890")
    assert "81234567890" not in refs.ref_for("0812-3456-7890")
    assert normalise_identity("Rina@Example.COM") == "email:rina@example.com"


def test_index_ids_are_keyed_too() -> None:
    one, other = VisitorRefs(b"k" * 32), VisitorRefs(b"o" * 32)
    assert one.key_for("alias", "phone:6281234567890") == one.key_for(
        "alias", "phone:6281234567890"
    )
    assert one.key_for("alias", "phone:6281234567890") != other.key_for(
        "alias", "phone:6281234567890"
    )
