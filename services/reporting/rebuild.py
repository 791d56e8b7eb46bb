"""`hub projection rebuild`: a fresh projection from the beginning of history, swapped in
only when it has caught up; the current one serves (and keeps consuming) until then.

The fresh generation is filled through the same path as the live consumer
(`rows_and_positions` and the store's one-transaction `apply`), from the Kafka topics
(distributed: `KafkaSubscription` with its own group, starting at the beginning) or the
producers' notification logs (embedded: `infra.follower.ServiceLog`, each service's
mapper, as the relay does). Caught up = nothing left to read on any partition or log;
the swap then succeeds only if the fresh generation is nowhere behind the current one
(else more arrived meanwhile: read on and try again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from infra.service import Service
from infra.settings import KafkaSettings
from infra.transport import Delivery
from infra.transport.notification_log import NotificationLogSubscription
from services.reporting.projection import rows_and_positions
from services.reporting.store import ProjectionStore

Progress = Callable[[int, int], None]  # events read so far, events still to read


class Source(Protocol):
    def poll(self, max_records: int, timeout: float) -> list[Delivery]: ...

    def remaining(self) -> int | None:
        """Events (or notifications) left to read; None while unknown (not assigned yet)."""

    def positions(self) -> dict[str, int]:
        """Positions read up to, beyond the deliveries (notifications no event maps from)."""

    def close(self) -> None: ...


def log_source(upstreams: Sequence[Service]) -> Source:
    """Embedded: the upstream services' notification logs, through their mappers."""
    producers = [s for s in upstreams if s.application and s.to_envelope]
    return NotificationLogSubscription(producers, lambda _: None)


class KafkaSource:
    """Distributed: every partition of the topics from the beginning, in a group of its own."""

    def __init__(self, settings: KafkaSettings, topics: list[str], group_id: str) -> None:
        from infra.transport.kafka import kafka_subscription

        self.subscription = kafka_subscription(settings, topics, group_id, lambda _: None)

    def poll(self, max_records: int, timeout: float) -> list[Delivery]:
        return self.subscription.poll(max_records, timeout)

    def remaining(self) -> int | None:
        lag = self.subscription.end_lag()
        return sum(lag.values()) if lag else None

    def positions(self) -> dict[str, int]:
        return {}

    def close(self) -> None:
        self.subscription.close()


@dataclass
class RebuildResult:
    generation: int
    events: int  # deliveries read
    applied: int  # rows stored (new events of the types the report folds)
    seconds: float
    swapped: bool


class Rebuild:
    def __init__(
        self,
        store: ProjectionStore,
        source: Source,
        batch_size: int = 2000,
        progress: Progress | None = None,
    ) -> None:
        self.store, self.source, self.batch_size = store, source, batch_size
        self.progress = progress or (lambda done, left: None)
        self.generation = store.new_generation()
        self.read = self.applied = 0

    def step(self, timeout: float = 0.5) -> bool:
        """Read one batch into the fresh generation; True when nothing was left to read."""
        deliveries = self.source.poll(self.batch_size, timeout)
        rows, positions = rows_and_positions(deliveries)
        for name, position in self.source.positions().items():
            positions[name] = max(position, positions.get(name, 0))
        if deliveries or positions:
            self.applied += self.store.apply(rows, positions, generation=self.generation)
        self.read += len(deliveries)
        left = self.source.remaining()
        self.progress(self.read, left or 0)
        return not deliveries and left == 0

    def run(self, timeout_seconds: float | None = None) -> RebuildResult:
        """Fill, then swap; gives up (not swapped, old one serving) after `timeout_seconds`."""
        started = time.monotonic()
        swapped = False
        while timeout_seconds is None or time.monotonic() - started < timeout_seconds:
            if self.step() and self.store.swap(self.generation):
                swapped = True
                break
        self.source.close()
        return RebuildResult(
            self.generation, self.read, self.applied, time.monotonic() - started, swapped
        )


def retire_old_generations(store: ProjectionStore, keep: int = 1) -> list[int]:
    """Drop generations older than the current one but the `keep` most recent."""
    current = store.current_generation()
    older = [n for n in store.generations() if n != current]
    older_than_current = [n for n in older if n < current]
    kept = set(older_than_current[-keep:]) if keep else set()
    dropped = [n for n in older if n not in kept]
    for generation in dropped:
        store.drop_generation(generation)
    return dropped
