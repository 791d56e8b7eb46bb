"""The shape every service hands to a composition root.

A service is an event store (an eventsourcing Application whose recorder also records
tracking), an HTTP router, a mapper from its domain events to integration events (for
its relay: at most one integration event per domain event), and optionally a handler
for the integration events it consumes with the position it last recorded per source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.application import Application
from fastapi import APIRouter

from events import Envelope
from infra.transport import Delivery

Mapper = Callable[[Any], Envelope | None]
Handler = Callable[[Sequence[Delivery]], object]


@dataclass
class Service:
    name: str
    router: APIRouter
    application: Application[Any] | None = None
    to_envelope: Mapper | None = None
    consumes: tuple[str, ...] = ()
    handle_batch: Handler | None = None
    last_position: Callable[[str], int | None] | None = None
    state: dict[str, Any] = field(default_factory=dict)
    close: Callable[[], None] | None = None
    # A consumer's own reader of Kafka message bytes (default: events.decode, which
    # validates every payload); the reporting projection reads as an archive does.
    decode: Callable[[bytes], Envelope] | None = None
