"""Embedded adapter of the transport port: read producers' notification logs directly.

No broker: a consumer follows each upstream service's event store through the same
mapper its relay would use (`infra.follower.ServiceLog`). Positions are notification ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from infra.follower import ServiceLog
from infra.service import Service
from infra.transport import Delivery

PositionLookup = Callable[[str], int | None]


class NotificationLogSubscription:
    def __init__(self, upstreams: Sequence[Service], position: PositionLookup) -> None:
        self._logs = [ServiceLog(service) for service in upstreams]
        self._cursor: dict[str, int] = {log.name: position(log.name) or 0 for log in self._logs}

    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]:
        """Up to `max_records` notifications of each upstream log."""
        deliveries: list[Delivery] = []
        for log in self._logs:
            page = log.page(self._cursor[log.name], max_records)
            deliveries.extend(page.deliveries)
            self._cursor[log.name] = page.last
        return deliveries

    def remaining(self) -> int:
        """Notifications not read yet, over every upstream log."""
        return sum(max(0, log.end() - self._cursor[log.name]) for log in self._logs)

    def positions(self) -> dict[str, int]:
        return {name: position for name, position in self._cursor.items() if position}

    def commit(self) -> None:
        pass

    def caught_up(self) -> bool:
        return all(self._cursor[log.name] >= log.end() for log in self._logs)

    def close(self) -> None:
        pass
