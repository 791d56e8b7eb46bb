"""Both adapters put a key where Kafka's Java client would: murmur2, positive, modulo."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from events import Envelope, message_key, topic_for
from infra.settings import KafkaSettings
from infra.transport.kafka import ensure_topics, kafka_publisher
from infra.transport.partitioning import kafka_partition
from tests.harness import raw_topic_messages

pytestmark = pytest.mark.integration


def envelopes(count: int) -> list[Envelope]:
    now = datetime.now(UTC)
    return [
        Envelope(
            event_id=uuid.uuid4(),
            event_type="VisitorArrived",
            schema_version=1,
            source="intake",
            stream_id=str(uuid.uuid4()),
            stream_position=1,
            office_id="3572",
            occurred_at=now,
            data={"visit_id": str(uuid.uuid4())},
        )
        for _ in range(count)
    ]


def test_every_message_lands_on_its_keys_kafka_partition(kafka_settings: KafkaSettings) -> None:
    settings = kafka_settings.model_copy(update={"partitions": 5})
    topic = topic_for("intake", settings.topic_prefix)
    ensure_topics(settings, [topic])
    publisher = kafka_publisher(settings, topic)
    sent = envelopes(200)
    try:
        publisher.publish(sent)
    finally:
        publisher.close()
    messages = raw_topic_messages(settings.required_bootstrap(), topic)
    assert sorted(m.key for m in messages) == sorted(message_key(e) for e in sent)
    assert {m.partition for m in messages} == set(range(5))
    for message in messages:
        assert message.partition == kafka_partition(message.key, 5), message.key
