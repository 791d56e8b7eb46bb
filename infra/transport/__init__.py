"""The transport port: how integration events leave a service and reach consumers.

Two adapters: Kafka (distributed mode) and the producers' own notification logs
(embedded mode, no broker). Both hand consumers `(envelope, tracking)` pairs, where the
tracking names a position that the consumer records in the same transaction as its writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventsourcing.persistence import Tracking

from events import Envelope

Delivery = tuple[Envelope, Tracking]


class PublishFailed(RuntimeError):
    """The broker did not acknowledge every event of a batch; nothing may be marked sent."""


class PendingBatch(Protocol):
    def result(self) -> None:
        """Wait until the broker acknowledged every envelope of the batch (within the
        delivery timeout); raise PublishFailed when any was refused or is still missing."""


class Publisher(Protocol):
    def publish(self, envelopes: Sequence[Envelope]) -> None:
        """Return only when every envelope is acknowledged; raise PublishFailed otherwise."""

    def submit(self, envelopes: Sequence[Envelope]) -> PendingBatch:
        """Hand the envelopes to the client and return at once; the batch's `result()`
        says when (and whether) the broker acknowledged them all."""

    def close(self) -> None: ...


class Subscription(Protocol):
    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]:
        """The next deliveries, in order per stream position source (may be empty)."""

    def commit(self) -> None:
        """A hint that everything polled so far is processed (positions live with the consumer)."""

    def caught_up(self) -> bool:
        """True when everything published so far has been polled."""

    def close(self) -> None: ...
