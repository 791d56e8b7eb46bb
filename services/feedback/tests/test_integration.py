"""Feedback on real PostgreSQL and Kafka: invitations from the queue's topic, surveys,
complaints from every channel, and nothing but codes on `pst.feedback`.

The queue and intake events are produced here with a real Kafka producer, exactly as
their relays would, so these tests do not depend on the other services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from kafka import KafkaProducer

from events import Envelope, encode, message_key, topic_for
from events.topics import headers
from hub.runtime import Ports
from infra.security import Role
from services.feedback.notifier import Invitation
from services.feedback.tests.envelopes import consultation_completed, visitor_arrived
from tests.harness import HubClient, raw_topic_messages, wait_until

pytestmark = pytest.mark.integration

SCORES = {"U1": 4, "U2": 3, "U3": 4, "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 3, "U9": 3}
SECRETS = (
    "Pak Darmo membentak",
    "Budi Santoso",
    "0812 3456 7890",
    "budi@example.org",
    "LPR4512873",
    "Komentar rahasia",
    "Jawaban pribadi",
)


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[Invitation] = []

    def send(self, invitation: Invitation) -> None:
        self.sent.append(invitation)


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


class ShiftedClock:
    """The real time, moved forward when a test needs a later moment."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture
def client(
    make_distributed_hub: Callable[..., HubClient], notifier: FakeNotifier, clock: ShiftedClock
) -> HubClient:
    return make_distributed_hub(("feedback",), Ports(clock=clock, notifier=notifier))


@pytest.fixture
def produce(kafka_bootstrap: str, topic_prefix: str) -> Iterator[Callable[..., None]]:
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")

    def send(*envelopes: Envelope) -> None:
        for envelope in envelopes:
            producer.send(
                topic_for(envelope.source, topic_prefix),
                key=message_key(envelope),
                value=encode(envelope),
                headers=headers(envelope),
            )
        producer.flush()

    yield send
    producer.close()


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def consumed(client: HubClient, topic: str) -> int:
    """How many messages of `topic` feedback recorded as processed (all partitions)."""
    position = client.hub.services["feedback"].last_position
    assert position is not None
    return sum(position(f"{topic}#{partition}") or 0 for partition in range(3))


def drain_until(client: HubClient, condition: Callable[[], bool]) -> None:
    def drained() -> bool:
        client.hub.drain()  # a fresh consumer may need a few polls to join its group
        return condition()

    wait_until(drained, timeout=30)


def feedback_messages(client: HubClient, kafka_bootstrap: str, topic_prefix: str) -> list[Any]:
    client.hub.drain()
    return raw_topic_messages(kafka_bootstrap, topic_for("feedback", topic_prefix), timeout=3)


def test_a_completion_redelivered_on_kafka_invites_exactly_once(
    client: HubClient,
    notifier: FakeNotifier,
    produce: Callable[..., None],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    completed = consultation_completed("wa-visit", ago(minutes=5))
    produce(visitor_arrived("wa-visit", "whatsapp", ago(hours=1)), completed, completed)
    queue_topic = topic_for("queue", topic_prefix)
    drain_until(client, lambda: consumed(client, queue_topic) == 2)

    assert [(i.visit_id, i.delivery) for i in notifier.sent] == [("wa-visit", "whatsapp_session")]
    messages = feedback_messages(client, kafka_bootstrap, topic_prefix)
    assert [dict(m.headers)["event_type"] for m in messages] == [b"SurveyInvited"]
    assert messages[0].key == b"wa-visit" and b'"channel":"whatsapp"' in messages[0].value


def test_a_survey_is_submitted_once_and_not_after_it_expired(
    client: HubClient,
    clock: ShiftedClock,
    produce: Callable[..., None],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    produce(
        consultation_completed("fresh", ago(minutes=5)),
        consultation_completed("stale", ago(days=7, minutes=-1)),
    )
    drain_until(client, lambda: consumed(client, topic_for("queue", topic_prefix)) == 2)
    desk = client.auth(Role.RECEPTIONIST)
    fresh = client.http.post("/api/feedback/visits/fresh/survey-link", headers=desk).json()
    stale = client.http.post("/api/feedback/visits/stale/survey-link", headers=desk).json()
    url = "/api/feedback/public/surveys/{}"

    answer = {"scores": SCORES, "comment": "Komentar rahasia"}
    assert client.http.post(url.format(fresh["token"]), json=answer).status_code == 201
    again = client.http.post(url.format(fresh["token"]), json={"scores": SCORES})
    assert again.status_code == 409
    clock.ahead = timedelta(minutes=2)  # past the stale one's week
    assert client.http.post(url.format(stale["token"]), json=answer).status_code == 410
    assert client.http.post(url.format("q" * 43), json=answer).status_code == 404

    messages = feedback_messages(client, kafka_bootstrap, topic_prefix)
    submitted = [m for m in messages if dict(m.headers)["event_type"] == b"SurveySubmitted"]
    assert len(submitted) == 1 and submitted[0].key == b"fresh"
    assert b'"has_comment":true' in submitted[0].value and b'"U9":3' in submitted[0].value
    assert not any(b"Komentar" in m.value for m in messages)


def test_complaints_from_every_channel_go_through_their_lifecycle_with_codes_only(
    client: HubClient,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    filed_at = "2026-03-17T10:00:00+07:00"
    base = {
        "office_id": "3572",
        "kind": "complaint",
        "category": "perilaku_petugas",
        "message": SECRETS[0],
        "contact": {"name": SECRETS[1], "phone": SECRETS[2], "email": SECRETS[3]},
    }
    details: dict[str, dict[str, Any]] = {
        "suggestion_box": {"box_opened_on": "2026-03-16"},
        "lapor": {"lapor_reference": SECRETS[4]},
        "phone": {"visit_id": "visit-7", "officer_id": "ofc-2"},
        "whatsapp": {},
        "email": {},
    }
    ids = {
        "website": client.http.post("/api/feedback/public/complaints", json=base).json()[
            "complaint_id"
        ]
    }
    for channel, extra in details.items():
        body = {**base, "channel": channel, "occurred_at": filed_at, **extra}
        response = client.http.post(
            "/api/feedback/complaints", json=body, headers=client.auth(Role.OFFICER)
        )
        assert response.status_code == 201, response.text
        ids[channel] = response.json()["complaint_id"]
    supervisor = client.auth(Role.SUPERVISOR)
    step = "/api/feedback/complaints/{}/{}"
    assert (
        client.http.post(
            step.format(ids["phone"], "acknowledge"), json={}, headers=supervisor
        ).status_code
        == 200
    )
    resolved = client.http.post(
        step.format(ids["phone"], "resolve"), headers=supervisor, json={"response": SECRETS[6]}
    )
    assert resolved.status_code == 200

    overdue = client.http.get(
        "/api/feedback/complaints/overdue",
        headers=supervisor,
        params={"as_of": "2026-03-30T08:00:00+07:00"},
    ).json()
    assert {item["complaint_id"] for item in overdue["complaints"]} == {
        ids[c] for c in ("suggestion_box", "lapor", "whatsapp", "email")
    }
    assert {item["respond_by"] for item in overdue["complaints"]} == {"2026-03-27T16:00:00+07:00"}

    messages = feedback_messages(client, kafka_bootstrap, topic_prefix)
    types = sorted(dict(m.headers)["event_type"] for m in messages)
    assert types == sorted(
        [b"ComplaintFiled"] * 6 + [b"ComplaintAcknowledged", b"ComplaintResolved"]
    )
    assert b"visit-7" in [m.key for m in messages]
    for message in messages:
        assert not any(secret.encode() in message.value for secret in SECRETS), message.value
