"""The relay: a service's notification log (its outbox) -> its Kafka topic.

It reads the log in order from the position it recorded, maps domain events to
integration events, publishes the batch, and records the new position only after the
broker acknowledged every message. A crash between the two re-sends the batch (with the
same event ids, which consumers deduplicate); nothing is ever skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from eventsourcing.persistence import ProcessRecorder, Tracking

from infra.service import Service
from infra.transport import Publisher

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, service: Service, publisher: Publisher, batch_size: int = 2000) -> None:
        assert service.application is not None and service.to_envelope is not None
        self.service = service
        self.publisher = publisher
        self.batch_size = batch_size
        self.name = f"relay:{service.name}"
        self.relayed = 0

    @property
    def recorder(self) -> ProcessRecorder:
        recorder = self.service.application.recorder  # type: ignore[union-attr]
        assert isinstance(recorder, ProcessRecorder)
        return recorder

    def position(self) -> int:
        return self.recorder.max_tracking_id(self.name) or 0

    def run_once(self) -> int:
        """Relay one batch; return how many notifications it covered (0 when caught up)."""
        app, to_envelope = self.service.application, self.service.to_envelope
        assert app is not None and to_envelope is not None
        notifications = self.recorder.select_notifications(
            self.position(), self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return 0
        envelopes = [to_envelope(app.mapper.to_domain_event(n)) for n in notifications]
        self.publisher.publish([e for e in envelopes if e is not None])
        self.recorder.insert_tracking(Tracking(self.name, notifications[-1].id))
        self.relayed += len(notifications)
        return len(notifications)

    def run_until_caught_up(self) -> int:
        total = 0
        while count := self.run_once():
            total += count
        return total

    def run_forever(self, stop: threading.Event, idle_wait: float = 0.1) -> None:
        backoff = idle_wait
        while not stop.is_set():
            try:
                if self.run_once():
                    backoff = idle_wait
                    continue
            except Exception:
                # A broker outage: keep the position, retry with backoff, lose nothing.
                log.exception("%s: publish failed, retrying in %.1fs", self.name, backoff)
                backoff = min(backoff * 2, 5.0)
                stop.wait(backoff)
                continue
            stop.wait(idle_wait)


def wait_for(condition: Callable[[], bool], timeout: float = 10.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()
