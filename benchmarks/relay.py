"""Relay throughput: notification log (PostgreSQL) -> acknowledged Kafka messages.

Stores N walk-in arrivals in a fresh database, then times the relay until caught up:
in a separate process, as `hub run --roles relay` would.
Needs DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS (make bench starts the local stack).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg

from events import topic_for
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.relay import Relay
from infra.service import Service
from infra.settings import DatabaseSettings, KafkaSettings
from infra.transport.kafka import ensure_topics, kafka_publisher
from services.intake.composition import build_service
from services.intake.domain.visit import Visit

EVENTS = int(os.environ.get("BENCH_RELAY_EVENTS", "100000"))


def fill(app, count: int) -> None:
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    batch = []
    for i in range(count):
        batch.append(
            Visit(
                office_id="3572",
                channel="walk_in",
                visitor_ref=f"vr_{i % 5000}",
                profile={"occupation": "mahasiswa"},
                occurred_at=start + timedelta(seconds=i),
            )
        )
        if len(batch) == 1000:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)


def intake(url: str, bootstrap: str, var_dir: str, create_tables: bool = True) -> Service:
    settings = HubSettings(
        var_dir=Path(var_dir),
        mode="distributed",
        database=DatabaseSettings(url=url, create_tables=create_tables),
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
    )
    return build_service(ServiceContext.from_settings(settings), settings.intake)


def relay_all(url: str, bootstrap: str, var_dir: str, topic: str) -> int:
    service = intake(url, bootstrap, var_dir, create_tables=False)
    relay = Relay(service, kafka_publisher(KafkaSettings(bootstrap_servers=bootstrap), topic), 5000)
    try:
        return relay.run_until_caught_up()
    finally:
        relay.publisher.close()
        service.application.close()  # type: ignore[union-attr]


def timed_run(url: str, bootstrap: str, var_dir: str) -> dict[str, float]:
    topic = topic_for("intake", f"bench{uuid.uuid4().hex[:6]}.")
    ensure_topics(KafkaSettings(bootstrap_servers=bootstrap), [topic])
    with ProcessPoolExecutor(1) as pool:
        pool.submit(time.sleep, 0).result()  # the worker process is up before timing
        t0 = time.perf_counter()
        relayed = pool.submit(relay_all, url, bootstrap, var_dir, topic).result()
        seconds = time.perf_counter() - t0
    return {
        "relayed": relayed,
        "seconds": round(seconds, 2),
        "events_per_second": round(relayed / seconds),
    }


def main() -> None:
    database_url, bootstrap = os.environ["DATABASE_URL"], os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    database = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    url = database_url.rsplit("/", 1)[0] + "/" + database
    try:
        with TemporaryDirectory() as tmp:
            service = intake(url, bootstrap, tmp)
            t0 = time.perf_counter()
            fill(service.application, EVENTS)
            fill_seconds = time.perf_counter() - t0
            service.application.close()  # type: ignore[union-attr]
            run = timed_run(url, bootstrap, tmp)
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(
        json.dumps(
            {
                "events": EVENTS,
                **run,
                "target_events_per_second": 10000,
                "store_fill_seconds": round(fill_seconds, 2),
                "note": "PostgreSQL notification log (encrypted) -> Kafka, acks=all, idempotent",
            }
        )
    )


if __name__ == "__main__":
    main()
