"""How far the projection is behind each topic partition (Kafka) or notification log.

Positions are what the projection recorded: Kafka's next offset to read per
`topic#partition`, or the last notification id per upstream service (embedded). The end
is the partition's end offset, or the upstream store's highest notification id; the
lag is their difference (events not yet projected, or, in embedded mode, notifications,
some of which map to no integration event).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

from infra.service import Service


def lag_rows(positions: Mapping[str, int], ends: Mapping[str, int]) -> list[dict[str, Any]]:
    rows = []
    for name in sorted(set(positions) | set(ends)):
        position, end = positions.get(name, 0), ends.get(name)
        rows.append(
            {
                "source": name,
                "position": position,
                "end": end,
                "lag": None if end is None else max(0, end - position),
            }
        )
    return rows


def upstream_ends(services: Mapping[str, Service], names: Iterable[str]) -> dict[str, int]:
    """Embedded: the highest notification id of each upstream service's store."""
    ends = {}
    for name in names:
        service = services.get(name)
        if service is not None and service.application is not None:
            ends[name] = service.application.recorder.max_notification_id() or 0
    return ends


REQUEST_TIMEOUT_MS = 2000  # an unreachable broker makes lag unknown, never a slow dashboard


class KafkaEnds:
    """Distributed: end offsets of every partition of the consumed topics (cached briefly)."""

    def __init__(self, bootstrap: str, topics: list[str], max_age: float = 0.5) -> None:
        self.bootstrap, self.topics, self.max_age = bootstrap, topics, max_age
        self._consumer: Any = None
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, int]] = (0.0, {})

    def __call__(self) -> dict[str, int]:
        with self._lock:
            taken, ends = self._cached
            if time.monotonic() - taken > self.max_age:
                ends = self._read()
                self._cached = (time.monotonic(), ends)
            return ends

    def _read(self) -> dict[str, int]:
        from kafka import KafkaConsumer, TopicPartition

        from infra.transport.kafka import tracking_name

        if self._consumer is None:
            self._consumer = KafkaConsumer(
                bootstrap_servers=self.bootstrap,
                group_id=None,
                client_id="pst-reporting-lag",
                request_timeout_ms=REQUEST_TIMEOUT_MS,
                bootstrap_timeout_ms=REQUEST_TIMEOUT_MS,
            )
        partitions = [
            TopicPartition(topic, partition)
            for topic in self.topics
            for partition in sorted(self._consumer.partitions_for_topic(topic) or ())
        ]
        offsets = self._consumer.end_offsets(partitions) if partitions else {}
        return {tracking_name(tp.topic, tp.partition): end for tp, end in offsets.items()}

    def close(self) -> None:
        with self._lock:
            if self._consumer is not None:
                self._consumer.close()
                self._consumer = None
