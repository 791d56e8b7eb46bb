"""Build an integration envelope from a service's domain event.

Domain events (standard.aggregate.OfficeAggregate) carry originator id and version,
`office_id`, `occurred_at` and `timestamp`; the event id is derived from the stream and
version, so a batch the relay re-sends after a crash carries the same ids.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from events.envelope import Envelope

_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:events")


def stable_event_id(source: str, stream_id: str, version: int, index: int = 0) -> UUID:
    suffix = f":{index}" if index else ""
    return uuid5(_NAMESPACE, f"{source}:{stream_id}:{version}{suffix}")


def envelope_for(
    domain_event: Any, source: str, event_type: str, data: dict[str, Any], index: int = 0
) -> Envelope:
    """`index` tells apart several integration events mapped from one domain event."""
    stream_id = str(domain_event.originator_id)
    version = int(domain_event.originator_version)
    # The mapper's output is typed by construction (ids, aware datetimes, catalogue data
    # covered by the services' mapper tests), so the relay's hot path skips re-validation.
    return Envelope.model_construct(
        event_id=stable_event_id(source, stream_id, version, index),
        event_type=event_type,
        schema_version=1,
        occurred_at=domain_event.occurred_at,
        recorded_at=domain_event.timestamp,
        office_id=domain_event.office_id,
        source=source,  # type: ignore[arg-type]
        stream_id=stream_id,
        stream_position=version,
        data={key: value for key, value in data.items() if value is not None},
    )
