"""Following a service's notification log: the one way anything here reads a log.

Built on the library's own reader (`NotificationLogReader` over a `LocalNotificationLog`),
which pages through the log after a position, optionally only some event topics. Three
shapes of use:

- `LogFollower.pages(after)`: the domain events after a position, page by page;
- `LogView`: an in-memory read model that applies what is new on `catch_up()`;
- `ServiceLog`: a service's integration events (its mapper applied) as deliveries with
  their tracking positions: what a relay publishes, what an embedded consumer reads, what
  an export writes.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import Application, LocalNotificationLog
from eventsourcing.persistence import Tracking
from eventsourcing.system import NotificationLogReader

from infra.service import Service
from infra.transport import Delivery

PAGE_SIZE = 1000
MAX_PAGE_SIZE = 10_000


class LogFollower:
    """The domain events of an application's log after a position, a page at a time."""

    def __init__(
        self, app: Application[Any], page_size: int = PAGE_SIZE, topics: Sequence[str] = ()
    ) -> None:
        self._recorder = app.recorder
        self._mapper = app.mapper
        self._log = LocalNotificationLog(app.recorder, section_size=MAX_PAGE_SIZE)
        self.page_size = min(page_size, MAX_PAGE_SIZE)
        self._topics = tuple(topics)

    def pages(self, after: int, size: int | None = None) -> Iterator[list[tuple[int, Any]]]:
        """(notification id, domain event) pages after `after`, until the end of the log."""
        reader = NotificationLogReader(self._log, min(size or self.page_size, MAX_PAGE_SIZE))
        for notifications in reader.select(
            start=after, topics=self._topics, inclusive_of_start=False
        ):
            yield [(n.id, self._mapper.to_domain_event(n)) for n in notifications]

    def page(self, after: int, size: int | None = None) -> list[tuple[int, Any]]:
        """The first page after `after` (empty at the end of the log)."""
        return next(self.pages(after, size), [])

    def end(self) -> int:
        """The log's highest notification id (0 when empty)."""
        return self._recorder.max_notification_id() or 0


class LogView(ABC):
    """A read model kept in memory and brought up to date from its application's log."""

    def __init__(
        self, app: Application[Any], topics: Sequence[str] = (), page_size: int = PAGE_SIZE
    ) -> None:
        self._follower = LogFollower(app, page_size, topics)
        self._lock = threading.RLock()
        self.position = 0

    def catch_up(self) -> int:
        """Apply every event recorded since the view's position; return how many."""
        applied = 0
        with self._lock:
            for page in self._follower.pages(self.position):
                for position, event in page:
                    self.apply(event, position)
                self.position = page[-1][0]
                applied += len(page)
        return applied

    @property
    def lock(self) -> threading.RLock:
        """Held while catching up; hold it to read a consistent view."""
        return self._lock

    @abstractmethod
    def apply(self, event: Any, position: int) -> None:
        """Fold one domain event into the view."""


@dataclass(frozen=True)
class Page:
    """Deliveries of one page of a log, and the last position the page covered (some
    notifications map to no integration event, so it can lie past the last delivery)."""

    deliveries: list[Delivery]
    last: int
    notifications: int


class ServiceLog:
    """A producing service's integration events, read from its own log."""

    def __init__(self, service: Service, page_size: int = PAGE_SIZE) -> None:
        assert service.application is not None and service.to_envelope is not None
        self.name = service.name
        self._to_envelope = service.to_envelope
        self._follower = LogFollower(service.application, page_size)

    def pages(self, after: int, size: int | None = None) -> Iterator[Page]:
        for events in self._follower.pages(after, size):
            deliveries = [
                (envelope, Tracking(self.name, position))
                for position, event in events
                if (envelope := self._to_envelope(event)) is not None
            ]
            yield Page(deliveries, events[-1][0], len(events))

    def page(self, after: int, size: int | None = None) -> Page:
        return next(self.pages(after, size), Page([], after, 0))

    def end(self) -> int:
        return self._follower.end()
