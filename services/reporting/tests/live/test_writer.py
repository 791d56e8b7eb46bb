"""Write-behind: batches applied in order, a failed one retried before any later one."""

from __future__ import annotations

import threading

from services.reporting.writer import BatchWriter


def test_batches_are_applied_in_the_order_handed_over():
    applied: list[int] = []
    writer = BatchWriter(lambda rows, positions: applied.append(rows), depth=2)
    for number in range(20):
        writer.submit(number, {"intake": number})
    assert writer.flush(5)
    assert applied == list(range(20))
    writer.close()


def test_a_failed_batch_is_retried_before_any_later_batch():
    applied: list[int] = []
    failures = iter([True, True, False])

    def apply(rows: int, positions: dict[str, int]) -> None:
        if rows == 1 and next(failures):
            raise RuntimeError("database restarting")
        applied.append(rows)

    writer = BatchWriter(apply, first_backoff=0.01)
    for number in range(4):
        writer.submit(number, {})
    assert writer.flush(5)
    assert applied == [0, 1, 2, 3] and writer.failures == 2
    writer.close()


def test_flush_waits_only_for_the_batches_handed_over_before_it():
    release, started = threading.Event(), threading.Event()

    def apply(rows: str, positions: dict[str, int]) -> None:
        if rows == "slow":
            started.set()
            release.wait(5)

    writer = BatchWriter(apply)
    writer.submit("first", {})
    assert writer.flush(5)
    writer.submit("slow", {})
    started.wait(5)
    assert not writer.flush(0.05)  # the slow batch is not applied yet
    release.set()
    assert writer.flush(5)
    writer.close()


def test_once_closed_nothing_after_a_dropped_batch_is_applied():
    applied: list[str] = []

    def apply(rows: str, positions: dict[str, int]) -> None:
        if rows == "poison":
            raise RuntimeError("never succeeds")
        applied.append(rows)

    writer = BatchWriter(apply, first_backoff=0.01)
    writer.submit("poison", {})
    writer.submit("later", {})
    writer.close(timeout=0.2)
    assert applied == []
