"""The transport port on confluent-kafka (librdkafka), `PST_KAFKA_CLIENT=confluent`.

Same contract as the kafka-python adapter: an idempotent producer with acks=all whose
delivery reports say when a batch is acknowledged (the relay records its position only
then); a consumer-group member with manual offsets that starts each partition at the
position the consumer recorded with its writes. librdkafka partitions with
`murmur2_random`, Kafka's default for keyed messages (`infra.transport.partitioning`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from confluent_kafka import (
    OFFSET_BEGINNING,
    Consumer,
    KafkaError,
    KafkaException,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, NewTopic

from events import Envelope, decode, encode, message_key
from events.topics import headers
from infra.settings import KafkaSettings
from infra.transport import Delivery, PublishFailed
from infra.transport.partitioning import crc32_partition
from infra.transport.unreadable import Fields, Reader, Unreadable

log = logging.getLogger(__name__)
CLOSE_SECONDS = 10.0

PositionLookup = Callable[[str], int | None]
COMMIT_INTERVAL_SECONDS = 1.0
METADATA_TIMEOUT = 15.0


def tracking_name(topic: str, partition: int) -> str:
    return f"{topic}#{partition}"


def ensure_topics(settings: KafkaSettings, topics: Sequence[str]) -> None:
    """Create the topics if absent; they keep events forever (retention.ms=-1)."""
    config: dict[str, Any] = {"bootstrap.servers": settings.required_bootstrap(), "logger": log}
    admin = AdminClient(config)  # its librdkafka lines go through logging, not raw stderr
    existing = set(admin.list_topics(timeout=METADATA_TIMEOUT).topics)
    missing = [
        NewTopic(name, settings.partitions, 1, config={"retention.ms": "-1"})
        for name in topics
        if name not in existing
    ]
    if not missing:
        return
    for future in admin.create_topics(missing, request_timeout=METADATA_TIMEOUT).values():
        try:
            future.result()
        except KafkaException as exc:
            if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                raise


class _Batch:
    """One submitted batch; librdkafka's delivery reports count it down."""

    __slots__ = ("error", "expected", "failed", "ok", "publisher")

    def __init__(self, publisher: ConfluentPublisher, expected: int) -> None:
        self.publisher, self.expected = publisher, expected
        self.ok = self.failed = 0
        self.error: str | None = None

    def delivered(self, err: Any, _msg: Any) -> None:
        if err is None:
            self.ok += 1
        else:
            self.failed += 1
            self.error = str(err)

    def result(self) -> None:
        publisher = self.publisher
        producer = publisher._producer
        deadline = time.monotonic() + publisher._timeout
        while self.ok + self.failed < self.expected:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            producer.poll(min(remaining, 0.5))  # serves delivery reports of every batch
        if self.failed or self.ok < self.expected:
            publisher._reset()
            missing = self.expected - self.ok - self.failed
            raise PublishFailed(
                f"broker did not acknowledge {self.failed + missing} of {self.expected}: "
                f"{self.error or 'acknowledgement missing after the delivery timeout'}"
            )


class ConfluentPublisher:
    """Idempotent producer, acks=all, batched; `submit` returns at once, `result()` waits
    for the delivery reports of that batch."""

    def __init__(self, settings: KafkaSettings, topic: str, **overrides: Any) -> None:
        self.topic = topic
        config: dict[str, Any] = {
            "bootstrap.servers": settings.required_bootstrap(),
            "client.id": f"pst-relay-{topic}",
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": settings.linger_ms,
            "batch.size": settings.batch_bytes,
            "message.max.bytes": settings.max_request_bytes,
            "retries": max(settings.retries, 1),
            "request.timeout.ms": settings.request_timeout_ms,
            "delivery.timeout.ms": settings.delivery_timeout_ms,
            "partitioner": "murmur2_random",
            "queue.buffering.max.messages": 1_000_000,
            "queue.buffering.max.kbytes": 1_048_576,
            "logger": log,
        }
        config.update(overrides)
        self._config = config
        self._timeout = settings.delivery_timeout_ms / 1000 + 5
        self._crc32 = settings.partitioner == "crc32"
        self._partitions = 0
        self._producer = Producer(config)

    def _partition_count(self) -> int:
        if not self._partitions:
            metadata = self._producer.list_topics(self.topic, timeout=METADATA_TIMEOUT)
            found = metadata.topics.get(self.topic)
            self._partitions = len(found.partitions) if found and found.partitions else 1
        return self._partitions

    def publish(self, envelopes: Sequence[Envelope]) -> None:
        self.submit(envelopes).result()

    def submit(self, envelopes: Sequence[Envelope]) -> _Batch:
        batch = _Batch(self, len(envelopes))
        produce, poll, topic, report = (
            self._producer.produce,
            self._producer.poll,
            self.topic,
            batch.delivered,
        )
        count = self._partition_count() if self._crc32 else 0
        for envelope in envelopes:
            key = message_key(envelope)
            # -1: librdkafka's partitioner (murmur2_random) chooses.
            partition = crc32_partition(key, count) if count else -1
            value = encode(envelope)
            while True:
                try:
                    produce(
                        topic,
                        value,
                        key,
                        partition,
                        on_delivery=report,
                        headers=headers(envelope),  # type: ignore[arg-type]
                    )
                    break
                except BufferError:  # the local queue is full: let deliveries drain it
                    poll(0.05)
                except KafkaException as exc:
                    self._reset()
                    raise PublishFailed(str(exc)) from exc
        poll(0)
        return batch

    def _reset(self) -> None:
        """A fresh producer (new producer id): what was queued is abandoned, and the relay
        re-sends from its recorded position."""
        with contextlib.suppress(Exception):
            self._producer.purge()
            self._producer.poll(0)
        self._producer = Producer(self._config)
        self._partitions = 0

    def close(self) -> None:
        remaining = self._producer.flush(5)
        if remaining:  # pragma: no cover - closing with a dead broker
            log.warning("producer closed with %d messages unacknowledged", remaining)


def message_fields(message: Any) -> Fields:
    return Fields(
        message.topic(),
        message.partition(),
        message.offset(),
        message.key(),
        message.value(),
        message.headers() or [],
    )


class ConfluentSubscription:
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
            "bootstrap.servers": settings.required_bootstrap(),
            "group.id": group_id,
            "client.id": group_id,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "fetch.max.bytes": settings.fetch_max_bytes,
            "max.partition.fetch.bytes": settings.max_partition_fetch_bytes,
            "session.timeout.ms": settings.session_timeout_ms,
            "heartbeat.interval.ms": max(settings.session_timeout_ms // 10, 100),
            "queued.max.messages.kbytes": 262_144,
            "logger": log,
        }
        config.update(overrides)
        self._consumer = Consumer(config)
        self._position = position
        self._next: dict[tuple[str, int], int | None] = {}
        self._assigned: list[TopicPartition] = []
        self._consumer.subscribe(list(topics), on_assign=self._on_assign, on_revoke=self._on_revoke)
        self._reader: Reader[Any] = Reader(decoder, message_fields)
        self._committed_at = 0.0
        self._polled = False
        self._closing = False

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        if self._closing:  # a join that completed during close: nothing more to read
            return
        for tp in partitions:
            recorded = self._position(tracking_name(tp.topic, tp.partition))
            tp.offset = OFFSET_BEGINNING if recorded is None else recorded
            self._next[(tp.topic, tp.partition)] = recorded
        consumer.assign(partitions)
        self._assigned = [TopicPartition(tp.topic, tp.partition) for tp in partitions]

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        consumer.unassign()
        self._assigned = []
        self._next.clear()

    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]:
        messages: list[Any] = self._reader.take_backlog() or self._consumer.consume(
            max_records, timeout
        )
        errors = [message for message in messages if message.error() is not None]
        for message in errors:
            log.warning("consumer: %s", message.error())
        nexts = self._next

        def seen(fields: Fields) -> None:
            nexts[(fields.topic, fields.partition)] = fields.offset + 1

        deliveries = self._reader.read((m for m in messages if m.error() is None), seen)
        self._polled = self._polled or bool(messages)
        return deliveries

    @property
    def rejected(self) -> int:
        return self._reader.rejected

    def unreadable(self) -> list[Unreadable]:
        """Records no reader could decode since the last call, for the consumer to set
        aside after applying the deliveries polled before them (infra.transport.unreadable)."""
        return self._reader.take_unreadable()

    def commit(self) -> None:
        # Group offsets are informational only (positions live with the consumer's writes):
        # asynchronously, at most once a second, the positions polled so far.
        now = time.monotonic()
        if now - self._committed_at < COMMIT_INTERVAL_SECONDS:
            return
        self._committed_at = now
        offsets = [
            TopicPartition(topic, partition, offset)
            for (topic, partition), offset in self._next.items()
            if offset is not None
        ]
        if offsets:
            with contextlib.suppress(KafkaException):
                self._consumer.commit(offsets=offsets, asynchronous=True)

    def caught_up(self) -> bool:
        """Partitions assigned, and each read to its end."""
        return bool(self._assigned) and not any(self.end_lag().values())

    def end_lag(self) -> dict[str, int]:
        """Messages between the consumer's position and the end of each assigned partition."""
        lag: dict[str, int] = {}
        for tp in list(self._assigned):
            low, high = self._consumer.get_watermark_offsets(
                tp, timeout=METADATA_TIMEOUT, cached=False
            )
            at = self._next.get((tp.topic, tp.partition))
            lag[tracking_name(tp.topic, tp.partition)] = max(0, high - (low if at is None else at))
        return lag

    def close(self) -> None:
        """Leaves the group within CLOSE_SECONDS. librdkafka can deadlock when a group join
        completes during close (its rebalance callback's assign waits on the closing
        thread), so close runs in a thread of its own and a stuck one is left behind with
        a warning instead of hanging the process; the broker drops the member after its
        session timeout."""
        self._closing = True
        closing = threading.Thread(target=self._consumer.close, name="kafka-close", daemon=True)
        closing.start()
        closing.join(CLOSE_SECONDS)
        if closing.is_alive():
            log.warning("consumer close did not finish in %.0f s; left behind", CLOSE_SECONDS)


__all__ = [
    "ConfluentPublisher",
    "ConfluentSubscription",
    "PublishFailed",
    "ensure_topics",
    "tracking_name",
]
