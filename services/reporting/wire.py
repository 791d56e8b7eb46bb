"""The reporting consumer's own reader of Kafka messages: fast, and as tolerant as an archive.

`events.decode` validates every envelope and payload with pydantic (~20 µs a message),
which alone would hold the projection's catch-up under 30,000 events/s. The projection
needs what `hub report --archive` checks (`archive.ArchiveReader.take`): the event's id,
type, instant with an offset, office, schema version (upcast) and `data` as an object;
payload fields are checked by folding (`projection.event_row`). So a message is accepted
here exactly when an archive line with the same bytes would be, and the live projection
stays equal to the replay of an archive. Types the report does not fold pass unchecked:
only their position counts.

The envelope is built without validation (as `model_construct`, minus its per-field
loop, which costs more than parsing): its fields hold the JSON values, so `event_id` is
the string on the wire, exactly what an archive's reader digests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from events import Envelope, InvalidEvent
from events.catalogue import LATEST_VERSION
from services.reporting.archive import latest_data
from services.reporting.folding import FOLDS

FIELDS = frozenset(Envelope.model_fields)
fromisoformat = datetime.fromisoformat
new_object = object.__new__
set_attribute = object.__setattr__


def unvalidated(fields: dict[str, Any]) -> Envelope:
    envelope = new_object(Envelope)
    set_attribute(envelope, "__dict__", fields)
    set_attribute(envelope, "__pydantic_fields_set__", FIELDS)
    set_attribute(envelope, "__pydantic_extra__", None)
    set_attribute(envelope, "__pydantic_private__", None)
    return envelope


def decode_for_projection(raw: bytes) -> Envelope:
    """An envelope for the projection; raises InvalidEvent naming what it cannot read."""
    try:
        event = orjson.loads(raw)
        event_type = event["event_type"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise InvalidEvent("(root)", "not an envelope: a JSON object with event_type") from None
    if event_type not in FOLDS:
        return unvalidated(event)  # ignored by the projection; only its position counts
    try:
        event["occurred_at"] = occurred_at = fromisoformat(event["occurred_at"])
        event_id, data, office_id = event["event_id"], event["data"], event["office_id"]
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidEvent("(envelope)", f"unreadable: {exc}") from None
    if occurred_at.tzinfo is None:
        raise InvalidEvent("occurred_at", "must carry a UTC offset, e.g. +07:00")
    if type(event_id) is not str or not event_id or type(office_id) is not str:
        raise InvalidEvent("event_id", "event_id and office_id must be strings")
    if type(data) is not dict:
        raise InvalidEvent("data", "must be an object")
    latest = LATEST_VERSION[event_type]
    if event.get("schema_version") != latest:
        event["data"] = latest_data(event_type, event.get("schema_version"), data)
        event["schema_version"] = latest
    return unvalidated(event)
