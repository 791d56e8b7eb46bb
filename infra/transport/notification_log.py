"""Embedded adapter of the transport port: read producers' notification logs directly.

No broker: a consumer follows each upstream service's event store, mapping its domain
events with the same mapper its relay would use. Positions are notification ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from eventsourcing.persistence import Tracking

from infra.service import Service
from infra.transport import Delivery

PositionLookup = Callable[[str], int | None]


class NotificationLogSubscription:
    def __init__(self, upstreams: Sequence[Service], position: PositionLookup) -> None:
        self._upstreams = list(upstreams)
        self._cursor: dict[str, int] = {
            service.name: position(service.name) or 0 for service in self._upstreams
        }

    def poll(self, max_records: int = 1000, timeout: float = 1.0) -> list[Delivery]:
        deliveries: list[Delivery] = []
        for service in self._upstreams:
            deliveries.extend(self._read(service, max_records))
        return deliveries

    def _read(self, service: Service, limit: int) -> list[Delivery]:
        app, to_envelope = service.application, service.to_envelope
        assert app is not None and to_envelope is not None
        start = self._cursor[service.name]
        notifications = app.recorder.select_notifications(start, limit, inclusive_of_start=False)
        deliveries: list[Delivery] = []
        for notification in notifications:
            envelope = to_envelope(app.mapper.to_domain_event(notification))
            if envelope is not None:
                deliveries.append((envelope, Tracking(service.name, notification.id)))
        if notifications:
            self._cursor[service.name] = notifications[-1].id
        return deliveries

    def commit(self) -> None:
        pass

    def caught_up(self) -> bool:
        return all(
            self._cursor[s.name] >= (s.application.recorder.max_notification_id() or 0)  # type: ignore[union-attr]
            for s in self._upstreams
        )

    def close(self) -> None:
        pass
