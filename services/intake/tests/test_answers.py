"""Answers to online visitors: recorded in the outbox, sent on the visit's channel to the
local Graph API stand-in or a real SMTP server, status webhooks fed back (in memory)."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from infra.security import Role
from services.intake.container import IntakeContainer
from services.intake.tests.payloads import (
    fixture_bytes,
    fixture_json,
    intake_app,
    post_email,
    post_halopst,
    post_walk_in,
    post_whatsapp,
    published,
)
from tests.fakes.mailbox import Mailbox
from tests.fakes.whatsapp_graph import GraphServer, status_webhook
from tests.harness import HubClient

VISITOR = "6281234567890"


@pytest.fixture
def hub(sending: tuple[GraphServer, Mailbox], make_memory_hub: Any) -> HubClient:
    return make_memory_hub(("intake",))


def whatsapp_now(client: HubClient, graph: GraphServer, wamid: str = "wamid.now.1") -> str:
    """The visitor writes now: a fresh message (the 24-hour window is open)."""
    payload = fixture_json("whatsapp_text.json")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"], message["id"] = str(int(time.time())), wamid
    graph.visitor_wrote(VISITOR)
    [visit_id] = post_whatsapp(client, json.dumps(payload).encode()).json()["visit_ids"]
    return str(visit_id)


def answer(client: HubClient, visit_id: str, text: str, role: Role = Role.OFFICER) -> Any:
    return client.http.post(
        f"/api/intake/visits/{visit_id}/answers", json={"text": text}, headers=client.auth(role)
    )


def deliver(client: HubClient) -> int:
    return int(client.hub.container(IntakeContainer).deliverer.run_until_settled())


def conversation(client: HubClient, visit_id: str) -> dict[str, Any]:
    response = client.http.get(
        f"/api/intake/visits/{visit_id}/conversation", headers=client.auth(Role.OFFICER)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def answers(client: HubClient, visit_id: str) -> list[dict[str, Any]]:
    found = conversation(client, visit_id)["messages"]
    return [m for m in found if m["direction"] == "out" and m["purpose"] == "answer"]


def test_an_answer_inside_the_window_reaches_the_visitor_once_as_text(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    response = answer(hub, visit_id, "Data IPM ada di blitarkota.bps.go.id")
    assert response.status_code == 201 and response.json()["mode"] == "text"
    deliver(hub)
    deliver(hub)
    answered = [a for a in graph.accepted if a.text == "Data IPM ada di blitarkota.bps.go.id"]
    assert len(answered) == 1
    assert answered[0].to == VISITOR and answered[0].body["type"] == "text"
    assert answered[0].body["context"] == {"message_id": "wamid.now.1"}
    [sent] = answers(hub, visit_id)
    assert sent["status"] == "sent" and sent["author"] == "test-officer"


def test_the_acknowledgement_is_sent_too_but_is_not_an_answer(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    deliver(hub)
    [ack] = graph.accepted
    assert "segera dilayani" in (ack.text or "") or "di luar jam layanan" in (ack.text or "")
    assert not [e for e in published(intake_app(hub)) if e.event_type == "VisitorAnswered"]
    assert conversation(hub, visit_id)["answered"] is False


def test_the_first_answer_sent_is_published_as_visitor_answered(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    answer(hub, visit_id, "Jawaban pertama")
    deliver(hub)
    [event] = [e for e in published(intake_app(hub)) if e.event_type == "VisitorAnswered"]
    assert event.data == {
        "visit_id": visit_id,
        "channel": "whatsapp",
        "officer_id": "test-officer",  # who answered (added, optional)
    }
    sent_at = datetime.fromisoformat(answers(hub, visit_id)[0]["sent_at"])
    assert event.occurred_at == sent_at
    assert "Jawaban" not in event.model_dump_json() and VISITOR not in event.model_dump_json()


def test_outside_the_window_the_approved_template_is_sent(
    hub: HubClient, graph: GraphServer
) -> None:
    old = fixture_json("whatsapp_text.json")  # written two days ago, delivered late by Meta
    message = old["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()) - 2 * 24 * 3600)
    [visit_id] = post_whatsapp(hub, json.dumps(old).encode()).json()["visit_ids"]
    assert conversation(hub, visit_id)["answer_mode"] == "template"
    answer(hub, visit_id, "Mohon maaf baru kami jawab")
    deliver(hub)
    [sent] = [a for a in graph.accepted if a.text == "Mohon maaf baru kami jawab"]
    assert sent.body["type"] == "template"
    assert sent.body["template"]["name"] == "pst_balasan"
    assert sent.body["template"]["language"] == {"code": "id"}


def test_re_engagement_required_is_retried_as_a_template(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    deliver(hub)
    graph.state.last_inbound.clear()  # Meta thinks the window closed: 131047
    answer(hub, visit_id, "Ini jawabannya")
    deliver(hub)
    [sent] = [a for a in graph.accepted if a.text == "Ini jawabannya"]
    assert sent.body["type"] == "template"
    [found] = answers(hub, visit_id)
    assert found["attempts"] == 2 and found["mode"] == "template"


def test_rate_limits_are_retried_with_backoff(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    deliver(hub)
    graph.fail_next(130429, 131056)
    answer(hub, visit_id, "Sabar ya")
    deadline = time.monotonic() + 5
    while not [a for a in graph.accepted if a.text == "Sabar ya"]:
        assert time.monotonic() < deadline
        deliver(hub)
        time.sleep(0.05)
    [found] = answers(hub, visit_id)
    assert found["attempts"] == 3 and found["status"] == "sent"


def test_an_invalid_recipient_is_set_aside_with_its_reason_and_an_alert(
    hub: HubClient, graph: GraphServer, caplog: pytest.LogCaptureFixture
) -> None:
    visit_id = whatsapp_now(hub, graph)
    graph.state.invalid.add(VISITOR)
    answer(hub, visit_id, "Tidak akan sampai")
    with caplog.at_level(logging.ERROR):
        deliver(hub)
        deliver(hub)
    [found] = answers(hub, visit_id)
    assert found["status"] == "set_aside" and "131026" in found["reason"]
    assert found["attempts"] == 1
    assert any("ALERT" in r.message and VISITOR not in r.message for r in caplog.records)


def test_status_webhooks_update_the_answer(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    answer(hub, visit_id, "Sudah kami kirim")
    deliver(hub)
    [sent] = [a for a in graph.accepted if a.text == "Sudah kami kirim"]
    for status in ("sent", "delivered", "read", "delivered"):  # a late one changes nothing
        body = json.dumps(status_webhook(sent, status)).encode()
        assert post_whatsapp(hub, body).status_code == 200
    [found] = answers(hub, visit_id)
    assert found["delivery_status"] == "read"


def test_a_failed_status_is_shown_with_its_reason(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    answer(hub, visit_id, "Gagal di jalan")
    deliver(hub)
    [sent] = [a for a in graph.accepted if a.text == "Gagal di jalan"]
    post_whatsapp(hub, json.dumps(status_webhook(sent, "failed", error_code=131026)).encode())
    [found] = answers(hub, visit_id)
    assert found["delivery_status"] == "failed" and "131026" in found["reason"]


def test_the_conversation_lists_every_message_in_order_with_attachments(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    image = fixture_json("whatsapp_image.json")
    message = image["entry"][0]["changes"][0]["value"]["messages"][0]
    time.sleep(1.05)  # WhatsApp timestamps are whole seconds: after the acknowledgement
    message["timestamp"] = str(int(time.time()))
    post_whatsapp(hub, json.dumps(image).encode())
    time.sleep(1.05)  # and the answer after the image
    answer(hub, visit_id, "Terima kasih, kami cek")
    found = conversation(hub, visit_id)
    kinds = [(m["direction"], m.get("purpose") or m["kind"]) for m in found["messages"]]
    assert kinds[:2] == [("in", "text"), ("out", "acknowledgement")]
    assert ("in", "image") in kinds and kinds[-1] == ("out", "answer")
    [picture] = [m for m in found["messages"] if m["kind"] == "image"]
    assert picture["attachments"]
    assert found["contact"] != VISITOR and found["contact"].endswith("7890")
    assert found["actions"] == ["answer", "close_answered", "mark_unreachable"]


def test_officers_of_another_office_see_no_conversation(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    other = hub.issue("petugas-malang", [Role.OFFICER], office="3573")
    url = f"/api/intake/visits/{visit_id}/conversation"
    assert hub.http.get(url, headers=other).status_code == 404
    answered = hub.http.post(
        f"/api/intake/visits/{visit_id}/answers", json={"text": "x"}, headers=other
    )
    assert answered.status_code == 404
    assert hub.http.get(url).status_code == 401


def test_an_empty_answer_is_refused_naming_the_field(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    response = answer(hub, visit_id, "   ")
    assert response.status_code == 422 and "text" in json.dumps(response.json()["detail"])


def test_an_email_answer_arrives_in_the_visitors_thread(hub: HubClient, mailbox: Mailbox) -> None:
    intake_app(hub).clock = lambda: datetime(2026, 3, 17, 3, tzinfo=UTC)
    [visit_id] = post_email(hub, fixture_bytes("email_plain.eml")).json()["visit_ids"]
    answer(hub, visit_id, "Data kemiskinan terlampir di tautan berikut.")
    deliver(hub)
    [mail] = [m for rcpt, m in mailbox.messages if "Data kemiskinan" in m.get_content()]
    [(recipients, _)] = [(r, m) for r, m in mailbox.messages if m is mail]
    assert recipients == ["rina.wulandari@example.com"]
    original = "<CAF8x2Yq=rina.20260317091200@mail.example.com>"
    assert mail["In-Reply-To"] == original and original in mail["References"]
    assert mail["Subject"].startswith("Re: ") and mail["Message-ID"].startswith("<")
    assert "Auto-Submitted" not in mail  # an officer's answer, not an automatic one


def test_halopst_fetches_its_answers_and_confirming_sends_them(hub: HubClient) -> None:
    arrival = post_halopst(hub).json()
    answer(hub, arrival["visit_id"], "Silakan unduh di tautan ini")
    channel = hub.auth(Role.CHANNEL)
    feed = hub.http.get("/api/intake/halopst/answers?office_id=3572", headers=channel).json()
    [item] = [a for a in feed["answers"] if a["purpose"] == "answer"]
    assert item["request_id"] == "HPST-3572-2026-000123" and item["status"] == "pending"
    assert not [e for e in published(intake_app(hub)) if e.event_type == "VisitorAnswered"]
    url = f"/api/intake/halopst/answers/{item['message_id']}/received"
    assert hub.http.post(url, headers=channel).json()["status"] == "sent"
    [event] = [e for e in published(intake_app(hub)) if e.event_type == "VisitorAnswered"]
    assert event.data["channel"] == "halopst"
    later = hub.http.get(
        f"/api/intake/halopst/answers?office_id=3572&after={feed['next_after']}", headers=channel
    ).json()
    assert later["answers"] == []


def test_a_year_old_channel_timestamp_is_recorded_at_receipt_and_flagged(
    hub: HubClient, graph: GraphServer
) -> None:
    stale = fixture_json("whatsapp_text.json")
    message = stale["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()) - 365 * 24 * 3600)
    before = datetime.now(UTC)
    [visit_id] = post_whatsapp(hub, json.dumps(stale).encode()).json()["visit_ids"]
    found = conversation(hub, visit_id)
    assert datetime.fromisoformat(found["arrived_at"]) >= before
    [first] = [m for m in found["messages"] if m["direction"] == "in"]
    assert first["clock_flag"] == "stale" and first["channel_timestamp"] is not None


def test_a_future_channel_timestamp_is_recorded_at_receipt_and_flagged(
    hub: HubClient, graph: GraphServer
) -> None:
    future = fixture_json("whatsapp_text.json")
    message = future["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()) + 3 * 3600)
    [visit_id] = post_whatsapp(hub, json.dumps(future).encode()).json()["visit_ids"]
    [first] = [m for m in conversation(hub, visit_id)["messages"] if m["direction"] == "in"]
    assert first["clock_flag"] == "future"


def close(client: HubClient, visit_id: str, outcome: str) -> Any:
    return client.http.post(
        f"/api/intake/visits/{visit_id}/close",
        json={"outcome": outcome},
        headers=client.auth(Role.OFFICER),
    )


def test_an_answered_visit_is_closed_as_answered(hub: HubClient, graph: GraphServer) -> None:
    visit_id = whatsapp_now(hub, graph)
    assert close(hub, visit_id, "answered").status_code == 409  # nothing answered yet
    answer(hub, visit_id, "Sudah dijawab")
    closed = close(hub, visit_id, "answered").json()
    assert closed["outcome"] == "answered" and closed["actions"] == []
    assert [e.event_type for e in published(intake_app(hub))][-1] == "VisitorDeparted"


def test_an_unreachable_visitor_is_closed_without_an_answer(
    hub: HubClient, graph: GraphServer
) -> None:
    visit_id = whatsapp_now(hub, graph)
    assert close(hub, visit_id, "unreachable").json()["outcome"] == "unreachable"
    assert answer(hub, visit_id, "Terlambat").status_code == 409


def test_walk_ins_have_no_online_actions(hub: HubClient) -> None:
    walk_in = post_walk_in(hub).json()
    assert close(hub, walk_in["visit_id"], "unreachable").status_code == 422
    assert answer(hub, walk_in["visit_id"], "Halo").status_code == 422


def test_a_sent_recorded_before_officer_id_existed_still_maps_and_replays() -> None:
    """Stored `Sent` events from before the author field: no officer_id, same meaning."""
    from infra.delivery.message import OutboundMessage
    from services.intake.mapper import to_envelope

    message = OutboundMessage(
        id=uuid4(), office_id="3572", occurred_at=datetime.now(UTC), channel="email",
        purpose="answer", recipient="rina@example.com", text="Jawaban", visit_id="v-1",
        author="petugas-ani",
    )  # fmt: skip
    message.mark_sent("<m1@pst>", "text", datetime.now(UTC), "email", "answer", "v-1", "x")
    recorded, sent = message.collect_events()
    envelope = to_envelope(sent)
    assert envelope is not None and envelope.data["officer_id"] == "x"
    del sent.__dict__["author"]  # as a Sent stored before the field was added
    envelope = to_envelope(sent)
    assert envelope is not None and envelope.data == {"visit_id": "v-1", "channel": "email"}
    replayed = sent.mutate(recorded.mutate(None))
    assert replayed is not None and replayed.status == "sent" and replayed.author == "petugas-ani"
