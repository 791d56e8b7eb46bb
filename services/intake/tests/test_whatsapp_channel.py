"""The WhatsApp Cloud API adapter on Meta's documented payload shapes (fixtures/)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.intake.channels.base import (
    ChannelNotConfigured,
    ChannelRejected,
    MalformedPayload,
    RawInbound,
    UnreadablePayload,
)
from services.intake.channels.whatsapp import WhatsAppChannel
from services.intake.tests.payloads import (
    WHATSAPP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    fixture_bytes,
    fixture_json,
    signed,
)

CHANNEL = WhatsAppChannel(
    app_secret=WHATSAPP_SECRET,
    verify_token=WHATSAPP_VERIFY_TOKEN,
    default_office="3572",
    offices={"106540352242922": "3572"},
)


def raw(body: bytes, signature: str | None = None) -> RawInbound:
    headers = {"x-hub-signature-256": signature} if signature else {}
    return RawInbound(body=body, headers=headers)


def test_handshake_echoes_the_challenge_for_our_verify_token() -> None:
    assert CHANNEL.handshake("subscribe", WHATSAPP_VERIFY_TOKEN, "1158201444") == "1158201444"


def test_handshake_with_another_token_is_rejected() -> None:
    with pytest.raises(ChannelRejected) as caught:
        CHANNEL.handshake("subscribe", "guess", "1158201444")
    assert caught.value.field == "hub.verify_token"


def test_handshake_for_another_mode_is_rejected() -> None:
    with pytest.raises(ChannelRejected) as caught:
        CHANNEL.handshake("unsubscribe", WHATSAPP_VERIFY_TOKEN, "1")
    assert caught.value.field == "hub.mode"


def test_signature_over_the_raw_body_with_the_app_secret_is_accepted() -> None:
    body = fixture_bytes("whatsapp_text.json")
    CHANNEL.verify(raw(body, signed(body, WHATSAPP_SECRET)))


def test_signature_made_with_another_secret_is_rejected() -> None:
    body = fixture_bytes("whatsapp_text.json")
    with pytest.raises(ChannelRejected) as caught:
        CHANNEL.verify(raw(body, signed(body, "not-the-app-secret")))
    assert caught.value.field == "X-Hub-Signature-256"


def test_signature_of_other_bytes_is_rejected() -> None:
    body = fixture_bytes("whatsapp_text.json")
    reencoded = json.dumps(json.loads(body)).encode()  # same JSON, other bytes
    with pytest.raises(ChannelRejected):
        CHANNEL.verify(raw(reencoded, signed(body, WHATSAPP_SECRET)))


def test_missing_signature_is_rejected() -> None:
    with pytest.raises(ChannelRejected) as caught:
        CHANNEL.verify(raw(fixture_bytes("whatsapp_text.json")))
    assert "tidak ada" in caught.value.reason


def test_without_an_app_secret_the_channel_is_closed() -> None:
    closed = WhatsAppChannel(app_secret=None, verify_token=None, default_office="3572")
    with pytest.raises(ChannelNotConfigured):
        closed.verify(raw(b"{}", "sha256=00"))


def test_text_message_is_parsed_with_its_sender_id_and_timestamp() -> None:
    [message] = CHANNEL.parse(raw(fixture_bytes("whatsapp_text.json")))
    assert message.channel == "whatsapp" and message.office_id == "3572"
    assert message.sender.phone == "6281234567890" and message.sender.name == "Budi Santoso"
    assert message.message_id.startswith("wamid.")  # type: ignore[union-attr]
    assert message.occurred_at == datetime(2026, 3, 17, 2, 30, tzinfo=UTC)
    assert message.kind == "text" and "IPM" in (message.text or "")
    assert message.account == "106540352242922"


def test_image_message_keeps_its_caption() -> None:
    [message] = CHANNEL.parse(raw(fixture_bytes("whatsapp_image.json")))
    assert message.kind == "image" and message.text == "Tabel ini yang saya maksud"


def test_status_callbacks_carry_no_messages() -> None:
    assert CHANNEL.parse(raw(fixture_bytes("whatsapp_status.json"))) == []


def test_a_batch_yields_every_message_and_skips_reactions() -> None:
    messages = CHANNEL.parse(raw(fixture_bytes("whatsapp_batch.json")))
    assert [m.sender.phone for m in messages] == ["6281234567890", "6285755501234", "6281234567890"]
    assert [m.sender.name for m in messages] == ["Budi Santoso", "Dewi Lestari", "Budi Santoso"]


def test_payload_of_another_object_is_refused_naming_the_field() -> None:
    payload = {**fixture_json("whatsapp_text.json"), "object": "page"}
    with pytest.raises(MalformedPayload) as caught:
        CHANNEL.parse(raw(json.dumps(payload).encode()))
    assert caught.value.field == "object"


def test_message_without_an_id_is_refused_naming_its_place_in_the_batch() -> None:
    payload = fixture_json("whatsapp_text.json")
    del payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    with pytest.raises(MalformedPayload) as caught:
        CHANNEL.parse(raw(json.dumps(payload).encode()))
    assert caught.value.field == "entry.0.changes.0.value.messages.0.id"


def test_body_that_is_not_json_is_unreadable() -> None:
    with pytest.raises(UnreadablePayload):
        CHANNEL.parse(raw(b"hub.mode=subscribe"))


def test_reply_is_a_graph_api_text_message_to_the_sender() -> None:
    [message] = CHANNEL.parse(raw(fixture_bytes("whatsapp_text.json")))
    reply = CHANNEL.reply(message, "Terima kasih")
    assert reply.request["url"].endswith("/106540352242922/messages")
    body = reply.request["json"]
    assert body["to"] == "6281234567890" and body["text"]["body"] == "Terima kasih"
    assert body["context"]["message_id"] == message.message_id
