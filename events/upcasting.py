"""Upcasters: turn an older `schema_version` of a payload into the latest one.

A breaking change to an event's `data` adds a function here and bumps
`catalogue.LATEST_VERSION`; consumers then only ever see the latest version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.envelope import Envelope

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

# (event_type, from_version) -> function producing the data of from_version + 1
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def register(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    def decorate(function: Upcaster) -> Upcaster:
        UPCASTERS[(event_type, from_version)] = function
        return function

    return decorate


def upcast_data(event_type: str, version: int, data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Plain-dict upcasting, for readers that skip the envelope model (archives)."""
    while (step := UPCASTERS.get((event_type, version))) is not None:
        data, version = step(data), version + 1
    return data, version


def upcast(envelope: Envelope) -> Envelope:
    data, version = upcast_data(envelope.event_type, envelope.schema_version, envelope.data)
    if version == envelope.schema_version:
        return envelope
    return envelope.model_copy(update={"data": data, "schema_version": version})
