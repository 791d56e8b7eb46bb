"""Write-behind for the projection: the store applies batch N while the consumer reads N+1.

On PostgreSQL, applying a batch (COPY + one set-based insert + positions, one
transaction) costs about as much as fetching and decoding it from Kafka; done one after
the other they would hold catch-up near 25,000 events/s on two cores. So batches go to
one writer thread, strictly in order, each still in ONE transaction with its positions.

A failed batch is retried (with backoff) before any later one: nothing is ever applied
out of order, so no position can pass an event not yet stored. A process that dies
loses only queued batches, whose positions were not recorded: they are read again. The
queue is short (backpressure), and `flush` lets in-process readers see every batch
handed over so far.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Apply = Callable[[Any, dict[str, int]], None]
MAX_BACKOFF_SECONDS = 5.0


class BatchWriter:
    def __init__(self, apply: Apply, depth: int = 2, first_backoff: float = 0.1) -> None:
        self._apply = apply
        self._queue: queue.Queue[tuple[Any, dict[str, int]] | None] = queue.Queue(depth)
        self._submitted = self._done = 0  # batches handed over / applied (or dropped)
        self._idle = threading.Condition()
        self._first_backoff = first_backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0

    def submit(self, rows: Any, positions: dict[str, int]) -> None:
        """Queue a batch (blocks while the queue is full)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="reporting-writer", daemon=True)
            self._thread.start()
        with self._idle:
            self._submitted += 1
        self._queue.put((rows, positions))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every batch handed over before this call is applied (not the ones
        arriving meanwhile, so a reader never waits on a busy consumer); False on timeout."""
        with self._idle:
            target = self._submitted
            return self._idle.wait_for(lambda: self._done >= target, timeout)

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        self._stop.set()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if not self._stop.is_set():  # once stopping, apply nothing after a dropped batch
                self._apply_until_done(*item)
            with self._idle:
                self._done += 1
                self._idle.notify_all()

    def _apply_until_done(self, rows: Any, positions: dict[str, int]) -> None:
        backoff = self._first_backoff
        while not self._stop.is_set():
            try:
                self._apply(rows, positions)
                return
            except Exception:
                # Retried as it is: rows are deduplicated and positions only grow.
                self.failures += 1
                log.exception("projection batch not applied; retrying in %.1fs", backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
