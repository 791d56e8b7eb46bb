"""Every channel against real PostgreSQL and Kafka: happy paths, bad inputs, replays, privacy."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from events import decode, topic_for
from infra.security import Role
from services.intake.tests.payloads import (
    fixture_bytes,
    fixture_json,
    intake_app,
    leaks,
    post_email,
    post_halopst,
    post_walk_in,
    post_whatsapp,
    published,
)
from tests.harness import HubClient, raw_topic_messages, read_topic

pytestmark = pytest.mark.integration

LATER = {"occurred_at": "2026-03-17T11:00:00+07:00"}


def front_office(client: HubClient) -> None:
    """A walk-in from arrival to departure."""
    visit_id = post_walk_in(client).json()["visit_id"]
    headers = client.auth(Role.RECEPTIONIST)
    guest_book = {"occupation": "mahasiswa", "data_needed": "kemiskinan", "note": "skripsi"}
    for path, body in (("guest-book", guest_book), ("identity-card/return", LATER)):
        response = client.http.post(
            f"/api/intake/visits/{visit_id}/{path}", json=body, headers=headers
        )
        assert response.status_code == 200, response.text
    departed = client.http.post(
        f"/api/intake/visits/{visit_id}/departure", json=LATER, headers=headers
    )
    assert departed.status_code == 200, departed.text


def test_every_channel_reaches_pst_intake_with_no_personal_data(
    make_distributed_hub: Callable[..., HubClient], kafka_bootstrap: str, topic_prefix: str
) -> None:
    client = make_distributed_hub(("intake",))
    front_office(client)
    assert post_halopst(client).status_code == 201
    for name in ("whatsapp_text.json", "whatsapp_image.json", "whatsapp_batch.json"):
        assert post_whatsapp(client, fixture_bytes(name)).status_code == 200
    for name in ("email_plain.eml", "email_reply.eml", "email_multipart.eml"):
        assert post_email(client, fixture_bytes(name)).status_code == 200
    client.hub.drain()

    records = raw_topic_messages(kafka_bootstrap, topic_for("intake", topic_prefix))  # all
    envelopes = [decode(record.value) for record in records]
    assert Counter(e.event_type for e in envelopes) == {
        "VisitorArrived": 6,  # walk-in, halopst, 2 WhatsApp conversations, 2 e-mail threads
        "IdentityCardDeposited": 1,
        "GuestBookSigned": 1,
        "IdentityCardReturned": 1,
        "VisitorDeparted": 1,
    }
    channels = Counter(e.data["channel"] for e in envelopes if e.event_type == "VisitorArrived")
    assert channels == {"walk_in": 1, "halopst": 1, "whatsapp": 2, "email": 2}
    assert [record.key.decode() for record in records] == [e.visit_id for e in envelopes]
    assert leaks(b"\n".join(record.value for record in records)) == []


def test_replayed_webhooks_create_no_second_arrival(
    make_distributed_hub: Callable[..., HubClient], kafka_bootstrap: str, topic_prefix: str
) -> None:
    client = make_distributed_hub(("intake",))
    for _ in range(2):
        post_whatsapp(client, fixture_bytes("whatsapp_text.json"))
        post_whatsapp(client, fixture_bytes("whatsapp_batch.json"))
        post_email(client, fixture_bytes("email_plain.eml"))
        post_halopst(client)
    client.hub.drain()
    envelopes = read_topic(kafka_bootstrap, topic_for("intake", topic_prefix), 5, timeout=3.0)
    assert Counter(e.data["channel"] for e in envelopes) == {
        "whatsapp": 2,
        "email": 1,
        "halopst": 1,
    }


def test_a_redelivery_to_another_process_is_still_one_arrival(
    make_distributed_hub: Callable[..., HubClient],
) -> None:
    first, second = make_distributed_hub(("intake",)), make_distributed_hub(("intake",))
    body = fixture_bytes("whatsapp_text.json")
    opened = post_whatsapp(first, body).json()
    again = post_whatsapp(second, body).json()
    assert again["duplicates"] == 1 and again["visit_ids"] == opened["visit_ids"]
    follow_up = post_whatsapp(second, fixture_bytes("whatsapp_image.json")).json()
    assert follow_up["visit_ids"] == opened["visit_ids"]  # the conversation, across processes
    arrivals = [e for e in published(intake_app(second)) if e.event_type == "VisitorArrived"]
    assert len(arrivals) == 1


def test_end_of_day_list_reads_the_postgresql_store(
    make_distributed_hub: Callable[..., HubClient],
) -> None:
    client = make_distributed_hub(("intake",))
    kept = post_walk_in(client).json()["visit_id"]
    response = client.http.get(
        "/api/intake/identity-cards/unreturned",
        params={"office_id": "3572", "date": "2026-03-17"},
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert [card["visit_id"] for card in response.json()["cards"]] == [kept]
    assert response.json()["cards"][0]["document_last4"] == "0001"


def without(payload: dict[str, Any], *path: Any) -> dict[str, Any]:
    node = payload
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return payload


def bad_whatsapp_signature(client: HubClient) -> Any:
    return post_whatsapp(client, fixture_bytes("whatsapp_text.json"), "sha256=" + "0" * 64)


def malformed_whatsapp(client: HubClient) -> Any:
    payload = without(fixture_json("whatsapp_batch.json"), "entry", 0, "changes", 0, "value",
                      "messages", 1, "from")  # fmt: skip
    return post_whatsapp(client, json.dumps(payload).encode())


def bad_email_signature(client: HubClient) -> Any:
    return post_email(client, fixture_bytes("email_plain.eml"), "sha256=" + "1" * 64)


def email_without_sender(client: HubClient) -> Any:
    body = fixture_bytes("email_plain.eml").replace(
        b"From: Rina Wulandari <Rina.Wulandari@example.com>\r\n", b""
    )
    return post_email(client, body)


def unknown_consultation_type(client: HubClient) -> Any:
    return post_halopst(client, {**fixture_json("halopst_request.json"), "consultation_type": "x"})


def halopst_without_registered_email(client: HubClient) -> Any:
    return post_halopst(client, without(fixture_json("halopst_request.json"), "registered_email"))


def walk_in_without_identity_card(client: HubClient) -> Any:
    return post_walk_in(client, without(fixture_json("walk_in.json"), "identity_card"))


@pytest.mark.parametrize(
    ("send", "status", "field"),
    [
        (bad_whatsapp_signature, 401, "X-Hub-Signature-256"),
        (malformed_whatsapp, 422, "from"),
        (bad_email_signature, 401, "X-Pst-Signature-256"),
        (email_without_sender, 422, "From"),
        (unknown_consultation_type, 422, "consultation_type"),
        (halopst_without_registered_email, 422, "registered_email"),
        (walk_in_without_identity_card, 422, "identity_card"),
    ],
)
def test_bad_input_gets_4xx_naming_the_problem_and_records_nothing(
    make_distributed_hub: Callable[..., HubClient],
    send: Callable[[HubClient], Any],
    status: int,
    field: str,
) -> None:
    client = make_distributed_hub(("intake",))
    response = send(client)
    assert response.status_code == status, response.text
    assert response.json()["detail"][0]["loc"][-1] == field
    assert intake_app(client).recorder.max_notification_id() in (None, 0)
    assert client.hub.relays[0].run_until_caught_up() == 0
