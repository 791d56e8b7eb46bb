"""The e-mail adapter on raw RFC 5322 messages (fixtures/*.eml), stdlib `email` only."""

from __future__ import annotations

from datetime import datetime
from email import message_from_string

import pytest

from services.intake.channels.base import ChannelRejected, MalformedPayload, RawInbound
from services.intake.channels.email import EmailChannel
from services.intake.tests.payloads import EMAIL_KEY, fixture_bytes, signed

CHANNEL = EmailChannel(gateway_key=EMAIL_KEY, default_office="3572", reply_from="pst3572@bps.go.id")


def test_plain_message_gives_sender_date_id_subject_and_text() -> None:
    [message] = CHANNEL.parse(RawInbound(body=fixture_bytes("email_plain.eml")))
    assert message.sender.email == "rina.wulandari@example.com"  # folded to lower case
    assert message.sender.name == "Rina Wulandari"
    assert message.occurred_at == datetime.fromisoformat("2026-03-17T09:12:00+07:00")
    assert message.message_id == "CAF8x2Yq=rina.20260317091200@mail.example.com"
    assert message.subject == "Permintaan data kemiskinan Kota Blitar"
    assert "persentase penduduk" in (message.text or "")
    assert message.thread == () and message.account == "pst3572@bps.go.id"


def test_multipart_message_reads_its_plain_part_and_decodes_the_subject() -> None:
    [message] = CHANNEL.parse(RawInbound(body=fixture_bytes("email_multipart.eml")))
    assert message.subject == "Permohonan data PDRB – Bappeda"
    assert "2021–2025" in (message.text or "") and "<p>" not in (message.text or "")
    assert message.sender.name == "Ahmad Fauzi"


def test_reply_names_its_thread_oldest_first() -> None:
    [message] = CHANNEL.parse(RawInbound(body=fixture_bytes("email_reply.eml")))
    assert message.thread == (
        "CAF8x2Yq=rina.20260317091200@mail.example.com",
        "20260317021301.4321.5678@bps.go.id",
    )


def test_message_without_a_sender_is_refused_naming_from() -> None:
    body = fixture_bytes("email_plain.eml").replace(
        b"From: Rina Wulandari <Rina.Wulandari@example.com>\r\n", b""
    )
    with pytest.raises(MalformedPayload) as caught:
        CHANNEL.parse(RawInbound(body=body))
    assert caught.value.field == "From"


def test_empty_body_is_unreadable() -> None:
    with pytest.raises(MalformedPayload) as caught:
        CHANNEL.parse(RawInbound(body=b"  \r\n"))
    assert caught.value.kind == "malformed"


def test_automatic_replies_are_ignored() -> None:
    body = b"Auto-Submitted: auto-replied\r\n" + fixture_bytes("email_plain.eml")
    assert CHANNEL.parse(RawInbound(body=body)) == []


def test_message_without_message_id_gets_one_stable_across_redeliveries() -> None:
    body = fixture_bytes("email_plain.eml").replace(
        b"Message-ID: <CAF8x2Yq=rina.20260317091200@mail.example.com>\r\n", b""
    )
    [first] = CHANNEL.parse(RawInbound(body=body))
    [again] = CHANNEL.parse(RawInbound(body=body))
    assert first.message_id == again.message_id and first.message_id.startswith("sha256.")  # type: ignore[union-attr]


def test_gateway_signature_is_required_and_checked() -> None:
    body = fixture_bytes("email_plain.eml")
    CHANNEL.verify(RawInbound(body=body, headers={"x-pst-signature-256": signed(body, EMAIL_KEY)}))
    with pytest.raises(ChannelRejected):
        CHANNEL.verify(RawInbound(body=body, headers={"x-pst-signature-256": signed(body, "x")}))
    with pytest.raises(ChannelRejected):
        CHANNEL.verify(RawInbound(body=body))


def test_office_comes_from_the_query_and_is_checked() -> None:
    raw = RawInbound(body=fixture_bytes("email_plain.eml"), query={"office_id": "35x2"})
    with pytest.raises(MalformedPayload) as caught:
        CHANNEL.parse(raw)
    assert caught.value.field == "office_id"


def test_reply_continues_the_thread_and_marks_itself_automatic() -> None:
    [message] = CHANNEL.parse(RawInbound(body=fixture_bytes("email_reply.eml")))
    reply = CHANNEL.reply(message, "Data per kecamatan tersedia.")
    mime = message_from_string(reply.request["mime"])
    assert mime["To"] == "rina.wulandari@example.com"
    assert mime["Subject"] == "Re: Permintaan data kemiskinan Kota Blitar"
    assert mime["In-Reply-To"] == "<CAF8x2Yq=rina.20260325100200@mail.example.com>"
    assert mime["References"].split()[-1] == "<CAF8x2Yq=rina.20260325100200@mail.example.com>"
    assert mime["Auto-Submitted"] == "auto-replied"
