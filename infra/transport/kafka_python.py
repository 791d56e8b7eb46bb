"""Kafka adapter of the transport port on kafka-python 3.x (`PST_KAFKA_CLIENT=kafka-python`)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError, TopicAlreadyExistsError

from events import Envelope, decode, encode, message_key
from events.topics import headers
from infra.settings import KafkaSettings
from infra.transport import Delivery, PublishFailed
from infra.transport.partitioning import partition_function
from infra.transport.unreadable import Fields, Reader, Unreadable

log = logging.getLogger(__name__)

PositionLookup = Callable[[str], int | None]
COMMIT_INTERVAL_SECONDS = 1.0


def ensure_topics(settings: KafkaSettings, topics: Sequence[str]) -> None:
    """Create the topics if absent; they keep events forever (retention.ms=-1)."""
    admin = KafkaAdminClient(
        bootstrap_servers=settings.required_bootstrap(), client_id="pst-hub-admin"
    )
    partitions = settings.partitions
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=partitions,
                replication_factor=1,
                topic_configs={"retention.ms": "-1"},
            )
            for name in topics
            if name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(missing)
    finally:
        admin.close()


def tracking_name(topic: str, partition: int) -> str:
    return f"{topic}#{partition}"


class _Sent:
    """A submitted batch: kafka-python's futures, checked after a bounded flush."""

    def __init__(self, publisher: KafkaPublisher, futures: list[Any]) -> None:
        self._publisher, self._futures = publisher, futures

    def result(self) -> None:
        publisher = self._publisher
        try:
            # Bounded: a broker that vanished mid-batch must surface as a failure, never a hang.
            publisher._producer.flush(timeout=publisher._config["delivery_timeout_ms"] / 1000 + 5)
            for future in self._futures:
                if future.failed():
                    raise PublishFailed(f"broker did not acknowledge: {future.exception}")
                if not future.is_done:
                    raise PublishFailed("broker acknowledgement missing after flush")
        except (KafkaError, PublishFailed) as exc:
            publisher._reset()
            raise PublishFailed(str(exc)) from exc


class KafkaPublisher:
    """Idempotent producer, acks=all, batched; `publish` waits for every acknowledgement.

    The partition is chosen here (`KafkaSettings.partitioner`, murmur2 by default: the
    same choice as the Java client's and librdkafka's, only with a cached hash)."""

    def __init__(self, settings: KafkaSettings, topic: str, **overrides: Any) -> None:
        self.topic = topic
        config: dict[str, Any] = {
            "bootstrap_servers": settings.required_bootstrap(),
            "client_id": f"pst-relay-{topic}",
            "enable_idempotence": True,
            "acks": "all",
            "linger_ms": settings.linger_ms,
            "batch_size": settings.batch_bytes,
            "max_request_size": settings.max_request_bytes,
            "retries": settings.retries,
            "request_timeout_ms": settings.request_timeout_ms,
            "delivery_timeout_ms": settings.delivery_timeout_ms,
        }
        config.update(overrides)
        self._config = config
        self._producer = KafkaProducer(**config)
        self._partitions = 0
        self._partition_for = partition_function(settings.partitioner)

    def _partition_count(self) -> int:
        if not self._partitions:
            partitions = self._producer.partitions_for(self.topic)
            self._partitions = len(partitions) if partitions else 1
        return self._partitions

    def publish(self, envelopes: Sequence[Envelope]) -> None:
        self.submit(envelopes).result()

    def submit(self, envelopes: Sequence[Envelope]) -> _Sent:
        try:
            count = self._partition_count()
            send, topic, partition_for = self._producer.send, self.topic, self._partition_for
            futures = []
            for envelope in envelopes:
                key = message_key(envelope)
                futures.append(
                    send(
                        topic,
                        key=key,
                        value=encode(envelope),
                        headers=headers(envelope),
                        partition=partition_for(key, count),
                    )
                )
        except KafkaError as exc:
            # An idempotent producer whose batches expired cannot carry on with its
            # sequence numbers: start a fresh one; the relay re-sends from its position.
            self._reset()
            raise PublishFailed(str(exc)) from exc
        return _Sent(self, futures)

    def _reset(self) -> None:
        with contextlib.suppress(Exception):
            self._producer.close(timeout=0)
        self._producer = KafkaProducer(**self._config)
        self._partitions = 0

    def close(self) -> None:
        try:
            self._producer.close(timeout=5)
        except KafkaError:  # pragma: no cover - closing a dead connection
            log.warning("producer close failed", exc_info=True)


class _SeekToRecordedPositions(ConsumerRebalanceListener):
    def __init__(self, consumer: KafkaConsumer, position: PositionLookup) -> None:
        self.consumer = consumer
        self.position = position

    def on_partitions_revoked(self, revoked: Any) -> None:
        pass

    def on_partitions_assigned(self, assigned: Any) -> None:
        for tp in assigned:
            recorded = self.position(tracking_name(tp.topic, tp.partition))
            if recorded is None:
                self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, recorded)  # recorded = last offset + 1


def record_fields(record: Any) -> Fields:
    headers = [(name, value) for name, value in (record.headers or [])]
    return Fields(record.topic, record.partition, record.offset, record.key, record.value, headers)


class KafkaSubscription:
    """Consumer-group member; starts each partition at the position the consumer recorded."""

    def __init__(
        self,
        settings: KafkaSettings,
        topics: Sequence[str],
        group_id: str,
        position: PositionLookup,
        decoder: Callable[[bytes], Envelope] = decode,
        **overrides: Any,
    ) -> None:
        """`decoder`: bytes -> envelope (a consumer may bring a faster, narrower reader)."""
        config: dict[str, Any] = {
            "bootstrap_servers": settings.required_bootstrap(),
            "group_id": group_id,
            "client_id": group_id,
            "enable_auto_commit": False,
            "auto_offset_reset": "earliest",
            "max_poll_records": settings.max_poll_records,
            "fetch_max_bytes": settings.fetch_max_bytes,
            "max_partition_fetch_bytes": settings.max_partition_fetch_bytes,
            "session_timeout_ms": settings.session_timeout_ms,
            "heartbeat_interval_ms": max(settings.session_timeout_ms // 10, 100),
        }
        config.update(overrides)
        self._consumer = KafkaConsumer(**config)
        self._consumer.subscribe(
            list(topics), listener=_SeekToRecordedPositions(self._consumer, position)
        )
        self._reader: Reader[Any] = Reader(decoder, record_fields)
        self._committed_at = 0.0

    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]:
        records = self._reader.take_backlog()
        if not records:
            batches = self._consumer.poll(timeout_ms=int(timeout * 1000), max_records=max_records)
            records = [record for batch in batches.values() for record in batch]
        return self._reader.read(records)

    @property
    def rejected(self) -> int:
        return self._reader.rejected

    def unreadable(self) -> list[Unreadable]:
        """Records no reader could decode since the last call (infra.transport.unreadable)."""
        return self._reader.take_unreadable()

    def commit(self) -> None:
        # Group offsets are informational only: a consumer resumes from the positions it
        # recorded with its writes (_SeekToRecordedPositions). A synchronous commit per
        # batch halved the reporting consumer's throughput; commit asynchronously, at
        # most once a second.
        now = time.monotonic()
        if now - self._committed_at >= COMMIT_INTERVAL_SECONDS:
            self._committed_at = now
            self._consumer.commit_async()

    def caught_up(self) -> bool:
        """Partitions assigned, and each read to its end."""
        return bool(self._consumer.assignment()) and not any(self.end_lag().values())

    def end_lag(self) -> dict[str, int]:
        """Messages between the consumer's position and the end of each assigned partition."""
        assigned = list(self._consumer.assignment())
        ends = self._consumer.end_offsets(assigned)
        return {
            tracking_name(tp.topic, tp.partition): ends[tp] - self._consumer.position(tp)
            for tp in assigned
        }

    def close(self) -> None:
        self._consumer.close()


__all__ = ["KafkaPublisher", "KafkaSubscription", "PublishFailed", "ensure_topics", "tracking_name"]
