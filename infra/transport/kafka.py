"""Kafka behind the transport port: the adapter `KafkaSettings.client` names.

`confluent` (librdkafka through confluent-kafka) or `kafka-python`: the same contract,
the same partitions (Kafka's murmur2 by default), the same tests (docs/adr/0006). Callers
use these functions and never import a client library themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from events import Envelope, decode
from infra.settings import KafkaSettings
from infra.transport import Delivery, Publisher, PublishFailed
from infra.transport.partitioning import kafka_partition
from infra.transport.unreadable import Unreadable

PositionLookup = Callable[[str], int | None]


class KafkaSubscription(Protocol):
    """The subscription both adapters give: the port, plus the lag to each partition's end."""

    @property
    def rejected(self) -> int: ...

    def unreadable(self) -> list[Unreadable]: ...
    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]: ...
    def commit(self) -> None: ...
    def caught_up(self) -> bool: ...
    def end_lag(self) -> dict[str, int]: ...
    def close(self) -> None: ...


def tracking_name(topic: str, partition: int) -> str:
    """The name a consumer records its position in a partition under."""
    return f"{topic}#{partition}"


def partition_for(key: bytes, partitions: int) -> int:
    """Kafka's default partition of a key (murmur2), as both adapters choose it."""
    return kafka_partition(key, partitions)


def ensure_topics(settings: KafkaSettings, topics: Sequence[str]) -> None:
    """Create the topics if absent; they keep events forever (retention.ms=-1)."""
    if settings.client == "confluent":
        from infra.transport import confluent

        confluent.ensure_topics(settings, topics)
    else:
        from infra.transport import kafka_python

        kafka_python.ensure_topics(settings, topics)


def kafka_publisher(settings: KafkaSettings, topic: str, **overrides: Any) -> Publisher:
    """An idempotent, acks=all producer to `topic` (`overrides`: the client's own options)."""
    if settings.client == "confluent":
        from infra.transport.confluent import ConfluentPublisher

        return ConfluentPublisher(settings, topic, **overrides)
    from infra.transport.kafka_python import KafkaPublisher

    return KafkaPublisher(settings, topic, **overrides)


def kafka_subscription(
    settings: KafkaSettings,
    topics: Sequence[str],
    group_id: str,
    position: PositionLookup,
    decoder: Callable[[bytes], Envelope] = decode,
    **overrides: Any,
) -> KafkaSubscription:
    """A consumer-group member that starts each partition at `position(tracking_name)`."""
    if settings.client == "confluent":
        from infra.transport.confluent import ConfluentSubscription

        return ConfluentSubscription(settings, topics, group_id, position, decoder, **overrides)
    from infra.transport.kafka_python import KafkaSubscription as PythonSubscription

    return PythonSubscription(settings, topics, group_id, position, decoder, **overrides)


__all__ = [
    "KafkaSubscription",
    "PublishFailed",
    "ensure_topics",
    "kafka_publisher",
    "kafka_subscription",
    "partition_for",
    "tracking_name",
]
