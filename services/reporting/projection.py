"""The live projection: deliveries -> stored event rows -> the report engine's facts.

Writing (`Projection.handle_batch`): each delivery of a type the report folds becomes a
row (its `data` in JSON form, exactly as an archive carries it); the store skips event
ids it holds already. The batch's rows and the highest position per source commit in
one transaction, then the change feed wakes the dashboards.

Reading (`LiveFacts`): per office, an in-process `OfficeFacts` folded with the same
`fold_event` as `hub report --archive`, kept current by tailing the store's rows by
`seq`. So a report from the live projection is the report of an archive of the same
events, by construction; and it is fast, as only new rows are folded per request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import orjson

from events import InvalidEvent
from infra.transport import Delivery
from services.reporting.archive import paused_collector
from services.reporting.facts import OfficeFacts
from services.reporting.folding import FOLDS, fold_event
from services.reporting.store import EventRow, ProjectionStore, StoredRow
from services.reporting.writer import BatchWriter

log = logging.getLogger(__name__)
COLD_LOAD_ROWS = 10_000  # folding more at once: pause the cyclic GC (facts hold no cycles)


class ChangeFeed:
    """A version number that grows whenever the projection committed new events.

    Threads wait with `wait`, coroutines with `wait_async` (woken through their own
    event loop, so no thread is parked per dashboard)."""

    def __init__(self) -> None:
        self.version = 0
        self._condition = threading.Condition()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def publish(self) -> None:
        with self._condition:
            self.version += 1
            self._condition.notify_all()
            waiters = list(self._waiters)
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def wait(self, seen: int, timeout: float) -> int:
        with self._condition:
            self._condition.wait_for(lambda: self.version != seen, timeout)
            return self.version

    async def wait_async(self, seen: int, timeout: float) -> int:
        if self.version != seen:
            return self.version
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._condition:
            self._waiters.add(waiter)
        try:
            if self.version == seen:
                await asyncio.wait_for(waiter[1].wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._condition:
                self._waiters.discard(waiter)
        return self.version


def rows_and_positions(deliveries: Sequence[Delivery]) -> tuple[list[EventRow], dict[str, int]]:
    """The rows to apply (events of the types the report folds, `data` as JSON: as an
    archive carries it) and the highest position per source of a batch.

    Payloads are checked when folded (`LiveFacts`): one the report cannot fold is stored
    but never counted, exactly as `hub report --archive` skips such a line. Duplicates,
    in the batch or stored before, are skipped by the store's unique event id."""
    rows: list[EventRow] = []
    positions: dict[str, int] = {}
    dumps = orjson.dumps
    for envelope, tracking in deliveries:
        name, position = tracking.application_name, tracking.notification_id
        if position > positions.get(name, 0):
            positions[name] = position
        event_type = envelope.event_type
        if event_type in FOLDS:
            at = envelope.occurred_at.timestamp()
            data = dumps(envelope.data).decode()
            rows.append(EventRow(str(envelope.event_id), envelope.office_id, event_type, at, data))
    return rows, positions


class Projection:
    """The reporting consumer: `handle_batch` and `last_position` for the hub.

    With `write_behind` (PostgreSQL), batches are applied by a `BatchWriter` thread, in
    order, while the consumer reads the next one; `flush` waits for them."""

    def __init__(self, store: ProjectionStore, feed: ChangeFeed, write_behind: bool = False):
        self.store = store
        self.feed = feed
        self.applied = 0
        self.writer = BatchWriter(self._apply) if write_behind else None

    def handle_batch(self, deliveries: Sequence[Delivery]) -> None:
        rows, positions = rows_and_positions(deliveries)
        if self.writer is not None:
            self.writer.submit(rows, positions)
        else:
            self._apply(rows, positions)

    def _apply(self, rows: list[EventRow], positions: dict[str, int]) -> None:
        self.applied += self.store.apply(rows, positions)
        if rows:
            self.feed.publish()

    def flush(self, timeout: float | None = 5.0) -> bool:
        """Wait (a while) until every batch handed over is stored."""
        return self.writer.flush(timeout) if self.writer is not None else True

    def last_position(self, name: str) -> int | None:
        self.flush(None)
        return self.store.positions().get(name)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class _OfficeCache:
    facts: OfficeFacts
    generation: int
    seq: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class LiveFacts:
    """Each office's facts, folded from the store and kept current by tailing it."""

    def __init__(self, store: ProjectionStore) -> None:
        self.store = store
        self._offices: dict[str, _OfficeCache] = {}
        self._guard = threading.Lock()

    @contextmanager
    def read(self, office_id: str) -> Iterator[OfficeFacts]:
        """The office's current facts, held still (no fold) while the block runs."""
        cache = self._cache(office_id)
        with cache.lock:
            self._catch_up(cache)
            yield cache.facts

    def version(self, office_id: str) -> tuple[int, int]:
        """(generation, seq) the office's facts are at, after catching up."""
        cache = self._cache(office_id)
        with cache.lock:
            self._catch_up(cache)
            return cache.generation, cache.seq

    def _cache(self, office_id: str) -> _OfficeCache:
        with self._guard:
            cache = self._offices.get(office_id)
            if cache is None:
                generation = self.store.current_generation()
                cache = self._offices[office_id] = _OfficeCache(OfficeFacts(office_id), generation)
            return cache

    def _catch_up(self, cache: _OfficeCache) -> None:
        generation = self.store.current_generation()
        if generation != cache.generation:  # a rebuild was swapped in: start afresh
            cache.facts, cache.generation, cache.seq = (
                OfficeFacts(cache.facts.office_id),
                generation,
                0,
            )
        rows = self.store.rows_since(generation, cache.facts.office_id, cache.seq)
        with paused_collector() if len(rows) > COLD_LOAD_ROWS else nullcontext():
            fold_rows(cache, rows)


def fold_rows(cache: _OfficeCache, rows: list[StoredRow]) -> None:
    facts, loads = cache.facts, orjson.loads
    for seq, event_id, event_type, occurred_at, data in rows:
        try:
            fold_event(facts, event_id, event_type, occurred_at, loads(data))
        except InvalidEvent as exc:  # as `hub report --archive` skips such a line
            log.warning("event %s not counted: %s", event_id, exc)
        cache.seq = seq
