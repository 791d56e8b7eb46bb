"""The first vertical slice: a walk-in over HTTP reaches `pst.intake` as a valid envelope."""

from __future__ import annotations

import pytest

from events import decode, payload_of, topic_for
from events.catalogue import VisitorArrived
from infra.security import Role
from tests.harness import raw_topic_messages, read_topic

pytestmark = pytest.mark.integration

WALK_IN = {
    "office_id": "3572",
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa", "gender": "P"},
    "purpose": "tugas_akhir",
    "occurred_at": "2026-03-17T08:10:00+07:00",
}


def test_walk_in_reaches_the_intake_topic_as_a_valid_envelope(
    make_distributed_hub, kafka_bootstrap, topic_prefix
) -> None:
    client = make_distributed_hub(("intake",))
    response = client.http.post(
        "/api/intake/walk-ins", json=WALK_IN, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    visit_id = response.json()["visit_id"]

    client.hub.drain()

    published = read_topic(kafka_bootstrap, topic_for("intake", topic_prefix), expected=2)
    assert [e.event_type for e in published] == ["VisitorArrived", "IdentityCardDeposited"]
    envelope = published[0]
    assert envelope.source == "intake" and envelope.office_id == "3572"
    payload = payload_of(envelope)
    assert isinstance(payload, VisitorArrived)
    assert payload.visit_id == visit_id and payload.channel == "walk_in"
    assert envelope.occurred_at.isoformat() == "2026-03-17T08:10:00+07:00"
    messages = raw_topic_messages(kafka_bootstrap, topic_for("intake", topic_prefix))
    assert {message.key for message in messages} == {visit_id.encode()}
    assert b"VisitorArrived" in {dict(message.headers)["event_type"] for message in messages}
    for message in messages:
        assert b"Siti" not in message.value and b"3572011203900001" not in message.value


def test_relay_resends_nothing_once_acknowledged(
    make_distributed_hub, kafka_bootstrap, topic_prefix
) -> None:
    client = make_distributed_hub(("intake",))
    for _ in range(3):
        client.http.post(
            "/api/intake/walk-ins", json=WALK_IN, headers=client.auth(Role.RECEPTIONIST)
        )
    [relay] = client.hub.relays
    stored = relay.recorder.max_notification_id()
    assert relay.run_until_caught_up() == stored
    assert relay.run_until_caught_up() == 0
    messages = raw_topic_messages(kafka_bootstrap, topic_for("intake", topic_prefix))
    arrivals = [m for m in messages if dict(m.headers)["event_type"] == b"VisitorArrived"]
    assert len(arrivals) == 3
    assert len({m.value for m in messages}) == len(messages)  # nothing sent twice


def test_relay_crash_before_recording_position_resends_the_same_event_ids(
    make_distributed_hub, kafka_bootstrap, topic_prefix
) -> None:
    client = make_distributed_hub(("intake",))
    client.http.post("/api/intake/walk-ins", json=WALK_IN, headers=client.auth(Role.RECEPTIONIST))
    [relay] = client.hub.relays
    recorder = relay.recorder

    def crash_before_tracking(tracking):
        raise RuntimeError("process killed after the broker acknowledged")

    original = recorder.insert_tracking
    recorder.insert_tracking = crash_before_tracking  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        relay.run_once()
    recorder.insert_tracking = original  # type: ignore[method-assign]
    stored = relay.recorder.max_notification_id()
    assert relay.run_until_caught_up() == stored

    messages = raw_topic_messages(kafka_bootstrap, topic_for("intake", topic_prefix))
    ids = sorted(decode(m.value).event_id for m in messages)
    assert ids and len(ids) % 2 == 0
    assert ids[0::2] == ids[1::2]  # every event twice, with the same id: consumers dedupe


def test_bad_walk_in_gets_422_naming_the_field_and_publishes_nothing(
    make_distributed_hub, kafka_bootstrap, topic_prefix
) -> None:
    client = make_distributed_hub(("intake",))
    bad = {**WALK_IN, "identity_card": {"document_type": "KARTU", "number": "3572011203900001"}}
    response = client.http.post(
        "/api/intake/walk-ins", json=bad, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "identity_card", "document_type"]
    assert client.hub.relays[0].run_until_caught_up() == 0
