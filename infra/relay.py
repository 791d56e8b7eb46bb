"""The relay: a service's notification log (its outbox) -> its Kafka topic.

It reads the log in order from the position it recorded, maps domain events to
integration events, publishes the batch, and records the new position only after the
broker acknowledged every message. A crash between the two re-sends the batch (with the
same event ids, which consumers deduplicate); nothing is ever skipped.

Catching up, it keeps `in_flight` pages with the client while it reads and maps the
next one: the position recorded is always the end of the last page whose every message
the broker acknowledged (the delivery reports), and pages are acknowledged in order.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

from eventsourcing.persistence import ProcessRecorder, Tracking

from infra.dead_letters import relay_page
from infra.follower import ServiceLog
from infra.service import Service
from infra.transport import PendingBatch, Publisher
from infra.tuning import fewer_collections

log = logging.getLogger(__name__)


class Relay:
    def __init__(
        self, service: Service, publisher: Publisher, batch_size: int = 2000, in_flight: int = 2
    ) -> None:
        assert service.application is not None and service.to_envelope is not None
        self.service = service
        self.publisher = publisher
        self.log = ServiceLog(service, batch_size)
        self.in_flight = max(1, in_flight)
        self.name = f"relay:{service.name}"
        self.relayed = 0
        self.failures = 0  # publish attempts that failed (broker outage), for health and tests

    @property
    def recorder(self) -> ProcessRecorder:
        recorder = self.service.application.recorder  # type: ignore[union-attr]
        assert isinstance(recorder, ProcessRecorder)
        return recorder

    def position(self) -> int:
        return self.recorder.max_tracking_id(self.name) or 0

    def run_once(self) -> int:
        """Relay one batch; return how many notifications it covered (0 when caught up)."""
        page = relay_page(self.service, self.log, self.position())  # poison set aside
        if not page.notifications:
            return 0
        self.publisher.publish([envelope for envelope, _ in page.deliveries])
        self.recorder.insert_tracking(Tracking(self.name, page.last))
        self.relayed += page.notifications
        return page.notifications

    def run_until_caught_up(self) -> int:
        """Relay everything there is, pages pipelined; return how many notifications."""
        with fewer_collections():
            return self._catch_up()

    def _catch_up(self) -> int:
        pending: deque[tuple[PendingBatch, int, int]] = deque()
        cursor, total = self.position(), 0
        while True:
            page = relay_page(self.service, self.log, cursor)  # poison set aside
            if page.notifications:
                envelopes = [envelope for envelope, _ in page.deliveries]
                pending.append((self.publisher.submit(envelopes), page.last, page.notifications))
                cursor = page.last
            # Acknowledged in order: the oldest page first, once more than `in_flight` are
            # out, or all of them at the end of the log.
            while pending and (len(pending) > self.in_flight or not page.notifications):
                batch, last, count = pending.popleft()
                batch.result()  # raises PublishFailed: nothing after the recorded position
                self.recorder.insert_tracking(Tracking(self.name, last))
                self.relayed += count
                total += count
            if not page.notifications:
                return total

    def run_forever(self, stop: threading.Event, idle_wait: float = 0.1) -> None:
        backoff = idle_wait
        while not stop.is_set():
            try:
                if self.run_until_caught_up():
                    backoff = idle_wait
                    continue
            except Exception:
                self.failures += 1
                # A broker outage: keep the position, retry with backoff, lose nothing.
                log.exception("%s: publish failed, retrying in %.1fs", self.name, backoff)
                backoff = min(backoff * 2, 5.0)
                stop.wait(backoff)
                continue
            stop.wait(idle_wait)
