"""Records no reader can decode: set aside in order, never retried forever, never dropped.

A Kafka record whose value is not an envelope (garbage bytes, text that is not UTF-8,
JSON of the wrong shape) or whose headers are not text cannot be applied, now or later.
A subscription stops its batch at such a record (the records before it are delivered,
those after it kept for the next poll), so the consumer first applies what came before,
then sets the record aside (`set_aside`) with its reason and position and records the
position, then carries on: the stream keeps its order and later visits still arrive.
Both Kafka adapters read through one `Reader` (docs/adr/0015, docs/adr/0016).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from eventsourcing.persistence import IntegrityError, Tracking

from events import Envelope
from infra.transport import Delivery

log = logging.getLogger(__name__)

UNREADABLE = "(unreadable)"  # the event type of a set-aside record no reader could decode
REASON_LENGTH = 300
Raw = TypeVar("Raw")


@dataclass(frozen=True)
class Fields:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes | None]]

    @property
    def tracking(self) -> Tracking:
        """The position after the record, as its delivery names it."""
        return Tracking(f"{self.topic}#{self.partition}", self.offset + 1)


@dataclass(frozen=True)
class Unreadable:
    fields: Fields
    reason: str

    def record(self) -> str:
        """The record as received, kept for an operator (its bytes, base64)."""

        def b64(raw: bytes | None) -> str | None:
            return None if raw is None else base64.b64encode(raw).decode()

        raw = self.fields
        return json.dumps(
            {
                "unreadable": {"topic": raw.topic, "partition": raw.partition},
                "offset": raw.offset,
                "key_base64": b64(raw.key),
                "value_base64": b64(raw.value),
                "headers": [[name, b64(value)] for name, value in raw.headers],
            }
        )


def why_unreadable(
    decoder: Callable[[bytes], Envelope], fields: Fields
) -> tuple[Envelope | None, str]:
    """The envelope, or why there is none (the class and message, cut short)."""
    try:
        for _name, value in fields.headers:
            if value is not None:
                value.decode("utf-8")
        if fields.value is None:
            return None, "a record without a value"
        return decoder(fields.value), ""
    except UnicodeDecodeError:
        return None, "a header that is not UTF-8 text"
    except Exception as exc:  # any failure of a reader: the record cannot be applied
        return None, f"{type(exc).__name__}: {exc}"[:REASON_LENGTH]


@dataclass
class Reader(Generic[Raw]):
    """Decodes a subscription's records in order, stopping at the first unreadable one."""

    decoder: Callable[[bytes], Envelope]
    fields: Callable[[Raw], Fields]
    rejected: int = 0
    backlog: list[Raw] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    def read(
        self, records: Iterable[Raw], seen: Callable[[Fields], None] | None = None
    ) -> list[Delivery]:
        deliveries: list[Delivery] = []
        pending = list(records)
        for index, raw in enumerate(pending):
            fields = self.fields(raw)
            if seen is not None:
                seen(fields)
            envelope, reason = why_unreadable(self.decoder, fields)
            if envelope is None:
                self.rejected += 1
                self.unreadable.append(Unreadable(fields, reason))
                self.backlog = pending[index + 1 :]  # after the consumer set this one aside
                return deliveries
            deliveries.append((envelope, fields.tracking))
        self.backlog = []
        return deliveries

    def take_backlog(self) -> list[Raw]:
        backlog, self.backlog = self.backlog, []
        return backlog

    def take_unreadable(self) -> list[Unreadable]:
        taken, self.unreadable = self.unreadable, []
        return taken


def key_of(fields: Fields) -> str:
    """The visit a record names (later records of it are held behind it); a record
    without a key names none, and stands alone."""
    if fields.key is None:
        return f"(no key: {fields.tracking.application_name}@{fields.offset})"
    return fields.key.decode("utf-8", "replace")


def set_aside(service: Any, unreadable: Sequence[Unreadable]) -> None:
    """Keep each record in the service's dead letters and record its position, so the
    stream carries on; a consumer without a store of its own logs it (position, reason)."""
    if not unreadable:
        return
    from infra.dead_letters import CONSUME, letters_of
    from infra.processing import record

    app = getattr(service, "application", None)
    for item in unreadable:
        where = item.fields.tracking
        if app is None:
            log.error(
                "%s: unreadable record at %s offset %s skipped: %s",
                service.name,
                where.application_name,
                item.fields.offset,
                item.reason,
            )
            continue
        letters_of(service).set_aside(
            stage=CONSUME,
            source=where.application_name,
            position=where.notification_id,
            key=key_of(item.fields),
            event_type=UNREADABLE,
            event_id="",
            record=item.record(),
            reason=f"unreadable at offset {item.fields.offset}: {item.reason}",
        )
        with contextlib.suppress(IntegrityError):  # recorded meanwhile by another consumer
            record(app, where)
