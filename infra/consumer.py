"""Runs a consuming service: poll deliveries, hand them to its handler, commit.

Positions live with the consumer's own writes, so when a batch fails the runner
re-subscribes, which starts again from what was recorded: nothing is skipped. A record
no reader can decode is set aside in the service's dead letters, in its place in the
stream, and the stream carries on (`infra.transport.unreadable`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from infra.service import Service
from infra.transport import Subscription
from infra.transport.unreadable import Unreadable, set_aside
from infra.tuning import fewer_collections

log = logging.getLogger(__name__)


class ConsumerRunner:
    def __init__(
        self, service: Service, subscribe: Callable[[], Subscription], batch_size: int = 2000
    ) -> None:
        assert service.handle_batch is not None
        self.service = service
        self.subscribe = subscribe
        self.subscription = subscribe()
        self.batch_size = batch_size
        self.consumed = 0

    def run_once(self, timeout: float = 0.5) -> int:
        with fewer_collections():  # a batch allocates much and frees it all (infra.tuning)
            deliveries = self.subscription.poll(self.batch_size, timeout)
            if deliveries:
                self.service.handle_batch(deliveries)  # type: ignore[misc]
                self.consumed += len(deliveries)
            # then a record no reader could decode, in its place in the stream
            unreadable: list[Unreadable] = getattr(self.subscription, "unreadable", list)()
            set_aside(self.service, unreadable)
            if deliveries or unreadable:
                self.subscription.commit()
            return len(deliveries) + len(unreadable)

    def resubscribe(self) -> None:
        self.subscription.close()
        self.subscription = self.subscribe()

    def run_forever(self, stop: threading.Event, idle_wait: float = 0.1) -> None:
        while not stop.is_set():
            try:
                if not self.run_once(timeout=idle_wait):
                    stop.wait(idle_wait)
            except Exception:
                log.exception(
                    "%s consumer failed; resuming from recorded positions", self.service.name
                )
                stop.wait(1.0)
                self.resubscribe()
