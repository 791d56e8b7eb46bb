"""Online channels over HTTP (in-memory store): WhatsApp webhook, e-mail inbound, halopst."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from infra.delivery.outbox import Outbox
from infra.delivery.smtp import build_email
from infra.security import Role
from services.intake.tests.payloads import (
    WHATSAPP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    event_types,
    fixture_bytes,
    fixture_json,
    intake_app,
    post_email,
    post_halopst,
    post_whatsapp,
    published,
    signed,
)
from tests.harness import HubClient


def replies(client: HubClient) -> list[Any]:
    """The messages intake's outbox holds for visitors, in the order recorded."""
    outbox = Outbox(intake_app(client))
    return [outbox.find(message_id) for _, message_id in outbox.recorded()]


def received_at(client: HubClient, timestamp: float) -> None:
    """The moment the hub receives what the test posts next."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    intake_app(client).clock = lambda: moment


def with_timestamp(name: str, timestamp: int, message_id: str | None = None) -> bytes:
    payload = fixture_json(name)
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(timestamp)
    if message_id:
        message["id"] = message_id
    return json.dumps(payload).encode()


# --- WhatsApp -----------------------------------------------------------------------


def test_whatsapp_handshake_answers_the_challenge_as_text(client: HubClient) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": WHATSAPP_VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    response = client.http.get("/api/intake/whatsapp/webhook", params=params)
    assert response.status_code == 200 and response.text == "1158201444"
    wrong = client.http.get(
        "/api/intake/whatsapp/webhook", params={**params, "hub.verify_token": "guess"}
    )
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


def test_first_whatsapp_message_opens_a_visit_and_is_acknowledged(client: HubClient) -> None:
    response = post_whatsapp(client, fixture_bytes("whatsapp_text.json"))
    assert response.status_code == 200
    assert response.json()["received"] == 1 and response.json()["opened"] == 1
    [envelope] = [e for e in published_events(client) if e.event_type == "VisitorArrived"]
    assert envelope.data["channel"] == "whatsapp"
    assert envelope.occurred_at.isoformat() == "2026-03-17T02:30:00+00:00"  # Meta's timestamp
    [reply] = replies(client)
    assert reply.recipient == "6281234567890" and "segera dilayani" in reply.text


def published_events(client: HubClient) -> list[Any]:
    return published(intake_app(client))


def test_redelivered_whatsapp_message_is_one_arrival(client: HubClient) -> None:
    body = fixture_bytes("whatsapp_text.json")
    first = post_whatsapp(client, body).json()
    again = post_whatsapp(client, body).json()
    assert again["visit_ids"] == first["visit_ids"]
    assert again["duplicates"] == 1 and again["opened"] == 0
    assert event_types(intake_app(client)) == ["VisitorArrived"]
    assert len(replies(client)) == 1


def test_later_message_of_the_conversation_attaches_to_the_open_visit(client: HubClient) -> None:
    first = post_whatsapp(client, fixture_bytes("whatsapp_text.json")).json()
    image = post_whatsapp(client, fixture_bytes("whatsapp_image.json")).json()
    assert image["visit_ids"] == first["visit_ids"] and image["opened"] == 0
    visit = client.http.get(
        f"/api/intake/visits/{first['visit_ids'][0]}", headers=client.auth(Role.OFFICER)
    ).json()
    assert [m["kind"] for m in visit["messages"]] == ["text", "image"]
    assert visit["messages"][1]["text"] == "Tabel ini yang saya maksud"
    assert event_types(intake_app(client)) == ["VisitorArrived"]


def test_message_after_the_idle_window_opens_a_new_visit(client: HubClient) -> None:
    first = post_whatsapp(client, fixture_bytes("whatsapp_text.json")).json()
    two_days_later = 1773714600 + 49 * 3600
    body = with_timestamp("whatsapp_image.json", two_days_later)
    received_at(client, two_days_later + 60)
    later = post_whatsapp(client, body).json()
    assert later["opened"] == 1 and later["visit_ids"] != first["visit_ids"]


def test_message_after_departure_opens_a_new_visit(client: HubClient) -> None:
    [visit_id] = post_whatsapp(client, fixture_bytes("whatsapp_text.json")).json()["visit_ids"]
    client.http.post(f"/api/intake/visits/{visit_id}/departure", headers=client.auth(Role.OFFICER))
    later = post_whatsapp(client, fixture_bytes("whatsapp_image.json")).json()
    assert later["opened"] == 1 and later["visit_ids"] != [visit_id]


def test_whatsapp_batch_opens_one_visit_per_conversation(client: HubClient) -> None:
    response = post_whatsapp(client, fixture_bytes("whatsapp_batch.json"))
    body = response.json()
    assert body["received"] == 3 and body["opened"] == 2 and len(body["visit_ids"]) == 2
    assert event_types(intake_app(client)) == ["VisitorArrived", "VisitorArrived"]


def test_status_callback_is_accepted_and_ignored(client: HubClient) -> None:
    response = post_whatsapp(client, fixture_bytes("whatsapp_status.json"))
    assert response.status_code == 200 and response.json()["received"] == 0
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, "md5=abc", ""])
def test_badly_signed_webhook_is_rejected_and_records_nothing(
    client: HubClient, signature: str
) -> None:
    headers = {"Content-Type": "application/json"}
    if signature:
        headers["X-Hub-Signature-256"] = signature
    response = client.http.post(
        "/api/intake/whatsapp/webhook", content=fixture_bytes("whatsapp_text.json"), headers=headers
    )
    assert response.status_code == 401
    assert response.json()["detail"][0]["loc"][-1] == "X-Hub-Signature-256"
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_malformed_batch_records_none_of_its_messages(client: HubClient) -> None:
    payload = fixture_json("whatsapp_batch.json")
    del payload["entry"][0]["changes"][0]["value"]["messages"][2]["timestamp"]
    body = json.dumps(payload).encode()
    response = post_whatsapp(client, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == [
        *("body", "entry", "0", "changes", "0", "value", "messages", "2", "timestamp")
    ]
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_whatsapp_outside_service_hours_is_answered_from_the_next_opening(
    client: HubClient,
) -> None:
    evening = with_timestamp("whatsapp_text.json", 1773738300)  # Tue 17 March, 16:05 WIB
    received_at(client, 1773738300 + 5)
    post_whatsapp(client, evening)
    [reply] = replies(client)
    assert "di luar jam layanan" in reply.text and "Rabu, 25 Maret 2026 pukul 08.00" in reply.text


def test_unconfigured_whatsapp_channel_answers_503(
    make_memory_hub: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PST_INTAKE_WHATSAPP_APP_SECRET")
    client = make_memory_hub(("intake",))
    body = fixture_bytes("whatsapp_text.json")
    assert post_whatsapp(client, body, signed(body, WHATSAPP_SECRET)).status_code == 503


# --- e-mail -------------------------------------------------------------------------


def test_email_opens_a_visit_and_gets_a_threaded_reply(client: HubClient) -> None:
    response = post_email(client, fixture_bytes("email_plain.eml"))
    assert response.status_code == 200 and response.json()["opened"] == 1
    [reply] = replies(client)
    assert reply.recipient == "rina.wulandari@example.com"
    mail = build_email(reply.parcel("text"), "pst3572@bps.go.id").as_string()
    assert "In-Reply-To: <CAF8x2Yq=rina.20260317091200@mail.example.com>" in mail


def test_email_reply_continues_its_thread_even_days_later(client: HubClient) -> None:
    first = post_email(client, fixture_bytes("email_plain.eml")).json()
    reply = post_email(client, fixture_bytes("email_reply.eml")).json()
    assert reply["visit_ids"] == first["visit_ids"] and reply["opened"] == 0
    visit = client.http.get(
        f"/api/intake/visits/{first['visit_ids'][0]}", headers=client.auth(Role.OFFICER)
    ).json()
    assert [m["subject"] for m in visit["messages"]][-1].startswith("Re:")


def test_redelivered_email_is_one_arrival(client: HubClient) -> None:
    post_email(client, fixture_bytes("email_plain.eml"))
    again = post_email(client, fixture_bytes("email_plain.eml")).json()
    assert again["duplicates"] == 1
    assert event_types(intake_app(client)) == ["VisitorArrived"]


def test_email_with_a_bad_signature_is_rejected(client: HubClient) -> None:
    response = post_email(client, fixture_bytes("email_plain.eml"), signature="sha256=00")
    assert response.status_code == 401
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_email_without_a_sender_is_refused_naming_from(client: HubClient) -> None:
    body = fixture_bytes("email_multipart.eml").replace(
        b'From: "Ahmad Fauzi" <ahmad.fauzi@pemkot-blitar.example.go.id>\n', b""
    )
    response = post_email(client, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "From"]


# --- halopst ------------------------------------------------------------------------


def test_halopst_request_opens_a_visit_with_its_consultation_type(client: HubClient) -> None:
    response = post_halopst(client)
    assert response.status_code == 201
    assert "segera dilayani" in response.json()["notice"]
    [arrived] = [e for e in published_events(client) if e.event_type == "VisitorArrived"]
    assert arrived.data["consultation_type"] == "permintaan_data"
    assert arrived.data["channel"] == "halopst"


def test_repeated_halopst_request_answers_200_with_the_same_visit(client: HubClient) -> None:
    first = post_halopst(client).json()
    again = post_halopst(client)
    assert again.status_code == 200 and again.json()["visit_id"] == first["visit_id"]
    assert event_types(intake_app(client)) == ["VisitorArrived"]


def test_halopst_without_registered_email_is_refused(client: HubClient) -> None:
    form = fixture_json("halopst_request.json")
    del form["registered_email"]
    response = post_halopst(client, form)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "registered_email"]
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_halopst_unknown_consultation_type_is_refused(client: HubClient) -> None:
    form = {**fixture_json("halopst_request.json"), "consultation_type": "les_privat"}
    response = post_halopst(client, form)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "consultation_type"]
    assert "rekomendasi_kegiatan_statistik" in problem["msg"]


def test_halopst_needs_a_channel_token(client: HubClient) -> None:
    response = client.http.post(
        "/api/intake/halopst/requests",
        json=fixture_json("halopst_request.json"),
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 403
    anonymous = client.http.post(
        "/api/intake/halopst/requests", json=fixture_json("halopst_request.json")
    )
    assert anonymous.status_code == 401


def test_a_timestamp_beyond_the_calendar_is_recorded_at_receipt_not_refused(
    client: HubClient,
) -> None:
    response = post_whatsapp(client, with_timestamp("whatsapp_text.json", 999_999_999_999))
    assert response.status_code == 200 and response.json()["opened"] == 1
    [arrived] = [e for e in published_events(client) if e.event_type == "VisitorArrived"]
    assert arrived.occurred_at.year == 2026
