"""Call-next under contention: concurrent officers against a long waiting queue, PostgreSQL.

A fresh database gets N waiting walk-in tickets and K officers on duty. Each officer runs
in a process of its own (as separate API processes would: its own board, its own
connections), and they all start at once and call next until the queue is empty. An
officer serves one visitor at a time, so each cycle is call-next (timed) followed by a
no-show that frees the officer's hands. Prints one JSON object: calls per second, call-next
latency, version conflicts retried, and double assignments (from what the officers got
and from the store: each ticket called exactly once). Needs DATABASE_URL.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from infra.settings import DatabaseSettings
from infra.stores import postgres_env
from services.queue.application import QueueApplication
from services.queue.domain.errors import QueueEmpty, TicketStateConflict
from services.queue.domain.ticket import Ticket
from services.queue.domain.ticket_roll import TicketRoll

TICKETS = int(os.environ.get("BENCH_QUEUE_TICKETS", "10000"))
OFFICERS = int(os.environ.get("BENCH_QUEUE_OFFICERS", "4"))
OFFICE = "3572"
SCHEMA = "pst_queue"


def fill(app: QueueApplication, count: int) -> None:
    """`count` walk-ins waiting since earlier today, a second apart, numbered on one roll."""
    start = datetime.now(UTC) - timedelta(seconds=count + 60)
    day = app.offices.calendar(OFFICE).local_date(start).isoformat()
    roll = TicketRoll(office_id=OFFICE, day=day, queue="offline", occurred_at=start)
    batch: list[Ticket] = []
    for i in range(count):
        arrived = start + timedelta(seconds=i)
        batch.append(
            Ticket(
                office_id=OFFICE,
                visit_id=str(uuid.uuid4()),
                queue="offline",
                channel="walk_in",
                number=roll.issue(arrived),
                occurred_at=arrived,
            )
        )
        if len(batch) == 1000:
            app.save(roll, *batch)
            batch = []
    app.save(roll, *batch)


def officer(url: str, officer_id: str, ready: Any, results: Any) -> None:
    """One officer's process: rebuild the board, wait for the others, call until empty."""
    try:
        results.put(serve_until_empty(url, officer_id, ready))
    except Exception as exc:  # reported to the parent, which fails the run
        results.put({"officer_id": officer_id, "error": repr(exc)})
        raise


def serve_until_empty(url: str, officer_id: str, ready: Any) -> dict[str, Any]:
    # The parent created the tables: concurrent CREATE TABLE IF NOT EXISTS is refused.
    app = QueueApplication(postgres_env(DatabaseSettings(url=url, create_tables=False), SCHEMA))
    started = time.perf_counter()
    app.board.catch_up()
    rebuild_seconds = time.perf_counter() - started
    ready.wait(timeout=300)  # a sibling that died breaks the barrier instead of hanging
    latencies: list[float] = []
    called: list[str] = []
    gave_up = 0
    began = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        try:
            ticket = app.call_next(OFFICE, "offline", officer_id)
        except QueueEmpty:
            break
        except TicketStateConflict:  # lost every race of one call: the console retries
            gave_up += 1
            continue
        latencies.append(time.perf_counter() - t0)
        called.append(ticket.visit_id)
        app.abandon(OFFICE, ticket.id, "no_show", officer_id)
    ended = time.perf_counter()
    app.close()
    return {
        "officer_id": officer_id,
        "called": called,
        "latencies": latencies,
        "gave_up": gave_up,
        "conflicts": app.call_conflicts,
        "began": began,
        "ended": ended,
        "rebuild_seconds": rebuild_seconds,
    }


def tickets_called_more_than_once(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT count(*) FROM (SELECT originator_id FROM {SCHEMA}.queue_events "
            "WHERE topic LIKE %s GROUP BY originator_id HAVING count(*) > 1) AS twice",
            ("%Ticket.Called",),
        ).fetchone()
    return int(row[0]) if row else 0


def run(url: str) -> dict[str, Any]:
    app = QueueApplication(postgres_env(DatabaseSettings(url=url), SCHEMA))
    t0 = time.perf_counter()
    fill(app, TICKETS)
    fill_seconds = time.perf_counter() - t0
    officers = [f"petugas-{n}" for n in range(OFFICERS)]
    for officer_id in officers:
        app.sign_on(OFFICE, officer_id, f"Meja {officer_id[-1]}")
    app.close()
    context = mp.get_context("spawn")
    ready, results = context.Barrier(OFFICERS), context.Queue()
    workers = [context.Process(target=officer, args=(url, o, ready, results)) for o in officers]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=1800) for _ in workers]
    for worker in workers:
        worker.join()
    failed = [report["error"] for report in reports if "error" in report]
    if failed:
        raise RuntimeError(f"officer process failed: {failed}")
    return summarise(reports, fill_seconds, tickets_called_more_than_once(url))


def summarise(
    reports: list[dict[str, Any]], fill_seconds: float, twice_in_store: int
) -> dict[str, Any]:
    called = [visit for report in reports for visit in report["called"]]
    latencies = sorted(ms * 1000 for report in reports for ms in report["latencies"])
    wall = max(r["ended"] for r in reports) - min(r["began"] for r in reports)
    return {
        "officers": OFFICERS,
        "waiting_tickets": TICKETS,
        "calls": len(called),
        "seconds": round(wall, 2),
        "calls_per_second": round(len(called) / wall, 1),
        "call_next_ms": {
            "p50": round(statistics.median(latencies), 2),
            "p99": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
            "max": round(latencies[-1], 2),
        },
        "double_assignments": len(called) - len(set(called)),
        "tickets_called_twice_in_store": twice_in_store,
        "tickets_never_called": TICKETS - len(set(called)),
        "version_conflicts_retried": sum(r["conflicts"] for r in reports),
        "call_next_gave_up": sum(r["gave_up"] for r in reports),
        "calls_per_officer": sorted(len(r["called"]) for r in reports),
        "board_rebuild_seconds": round(max(r["rebuild_seconds"] for r in reports), 2),
        "store_fill_seconds": round(fill_seconds, 2),
        "note": "one process per officer (own board, own pool); cycle = call-next (timed) "
        "+ no-show to free the officer; PostgreSQL, fresh database",
    }


def main() -> None:
    database_url = os.environ["DATABASE_URL"]
    database = f"bench_queue_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    url = database_url.rsplit("/", 1)[0] + "/" + database
    try:
        result = run(url)
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(json.dumps(result))


if __name__ == "__main__":
    main()
