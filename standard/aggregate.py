"""The base of every service's aggregates: events know their office and their world time.

Each event carries `office_id` (every action is scoped to an office) and `occurred_at`
(when it happened in the world; a channel's own timestamp where there is one, else now),
so a mapper can build an integration envelope from the event alone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from eventsourcing.domain import Aggregate


class OfficeAggregate(Aggregate):
    office_id: str

    class Event(Aggregate.Event):
        office_id: str
        occurred_at: datetime

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        kwargs.setdefault("office_id", self.office_id)
        if kwargs.get("occurred_at") is None:
            kwargs["occurred_at"] = datetime.now(UTC)
        super().trigger_event(event_class, **kwargs)
