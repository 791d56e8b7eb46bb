"""Bytes <-> envelope, as a tolerant reader.

`decode` checks the envelope and, for known types, the payload (after upcasting), and
names the offending field when it refuses. Unknown event types decode with their data
untouched, so readers can skip them; unknown fields are ignored.
"""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from events.catalogue import CATALOGUE, EventData
from events.envelope import Envelope
from events.upcasting import upcast


class InvalidEvent(ValueError):
    """An event that cannot be read; `field` is its dotted path, `reason` why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def first_error(error: ValidationError, prefix: str = "") -> InvalidEvent:
    detail = error.errors()[0]
    path = ".".join(str(part) for part in detail["loc"])
    return InvalidEvent(
        f"{prefix}{path}" if path else prefix.rstrip(".") or "(root)", detail["msg"]
    )


def encode(envelope: Envelope) -> bytes:
    # orjson writes UUIDs and aware datetimes (RFC 3339) natively: no model_dump on the hot path.
    fields = envelope.__dict__
    if fields.get("recorded_at") is None:
        fields = {key: value for key, value in fields.items() if key != "recorded_at"}
    return orjson.dumps(fields)


def loads(raw: bytes | str) -> dict[str, Any]:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent("(root)", f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidEvent("(root)", "an envelope must be a JSON object")
    return value


def envelope_from_dict(value: dict[str, Any]) -> Envelope:
    """Validate an envelope dict, upcast its data to the latest version, check known payloads."""
    try:
        envelope = Envelope.model_validate(value)
    except ValidationError as exc:
        raise first_error(exc) from None
    envelope = upcast(envelope)
    payload_of(envelope)
    return envelope


def decode(raw: bytes | str) -> Envelope:
    return envelope_from_dict(loads(raw))


def payload_of(envelope: Envelope) -> EventData | None:
    """The typed payload of a known event type; None for types this reader does not know."""
    model = CATALOGUE.get(envelope.event_type)
    if model is None:
        return None
    try:
        return model.model_validate(envelope.data)
    except ValidationError as exc:
        raise first_error(exc, prefix="data.") from None
