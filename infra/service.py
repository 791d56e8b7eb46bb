"""The shape every service hands to a composition root.

A service is an event store (an eventsourcing Application whose recorder also records
tracking), an HTTP router, a mapper from its domain events to integration events (for
its relay: at most one integration event per domain event), and optionally a handler
for the integration events it consumes with the position it last recorded per source.

A service's routes receive its parts through one typed `container` (a dataclass of the
service's own): `Depends(provided(IntakeParts))` finds it by its type, so a wrong name
is a type error, not a missing key at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from eventsourcing.application import Application
from fastapi import APIRouter, Request

from events import Envelope
from infra.transport import Delivery

if TYPE_CHECKING:
    from infra.dead_letters import DeadLetter, DeadLetters

T = TypeVar("T")
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
    container: object | None = None  # the parts its routes use, found by type
    # Request body limits by path prefix, above the hub's default (infra.limits).
    body_limits: Mapping[str, int] = field(default_factory=dict)
    close: Callable[[], None] | None = None
    # A consumer's own reader of Kafka message bytes (default: events.decode, which
    # validates every payload); the reporting projection reads as an archive does.
    decode: Callable[[bytes], Envelope] | None = None
    # Records its consumer or relay set aside (infra.dead_letters), and how a consumer
    # applies one again (`hub dead-letters retry`).
    dead_letters: DeadLetters | None = None
    retry_consumed: Callable[[DeadLetter], None] | None = None
    # Background loops of the `delivery` role (the outbox deliverers): each has
    # `run_forever(stop_event)` and `run_once() -> int`.
    workers: tuple[Any, ...] = ()


def containers(services: Iterable[Service]) -> dict[type, object]:
    """Every service's container and application, by type (what `provided` looks up)."""
    found: dict[type, object] = {}
    for service in services:
        for part in (service.container, service.application):
            if part is not None:
                found[type(part)] = part
    return found


def provided(kind: type[T]) -> Callable[[Request], T]:
    """A FastAPI dependency that hands a route the hub's one instance of `kind`."""

    def dependency(request: Request) -> T:
        return cast(T, request.app.state.containers[kind])

    dependency.__name__ = f"provided_{kind.__name__}"
    return dependency
