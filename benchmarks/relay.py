"""Relay throughput: notification log (PostgreSQL) -> acknowledged Kafka messages.

Stores N walk-in arrivals in a fresh database, then times the relay until caught up:
in a separate process, as `hub run --roles relay` would. In the same run, the floor: a
bare producer of the same client (idempotent, acks=all) sending the same messages
(the relay's own bytes, keys and headers) to a fresh topic, nothing else.

    BENCH_RELAY_EVENTS=100000 BENCH_KAFKA_CLIENT=confluent .venv/bin/python -m benchmarks.relay

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
from typing import Any

import psycopg

from events import encode, message_key, topic_for
from events.topics import headers
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.follower import ServiceLog
from infra.relay import Relay
from infra.service import Service
from infra.settings import DatabaseSettings, KafkaSettings
from infra.transport.kafka import ensure_topics, kafka_publisher
from services.intake.composition import build_service
from services.intake.domain.visit import Visit

EVENTS = int(os.environ.get("BENCH_RELAY_EVENTS", "100000"))
CLIENT = os.environ.get("BENCH_KAFKA_CLIENT") or KafkaSettings().client
PAGE = int(os.environ.get("BENCH_RELAY_PAGE", "10000"))


def kafka(bootstrap: str) -> KafkaSettings:
    return KafkaSettings.model_validate({"bootstrap_servers": bootstrap, "client": CLIENT})


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
    relay = Relay(service, kafka_publisher(kafka(bootstrap), topic), PAGE)
    try:
        return relay.run_until_caught_up()
    finally:
        relay.publisher.close()
        service.application.close()  # type: ignore[union-attr]


def timed_run(url: str, bootstrap: str, var_dir: str) -> dict[str, float]:
    topic = topic_for("intake", f"bench{uuid.uuid4().hex[:6]}.")
    ensure_topics(kafka(bootstrap), [topic])
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


def messages(url: str, bootstrap: str, var_dir: str) -> list[tuple[bytes, bytes, list[Any]]]:
    """What the relay sends: (key, value, headers) of every envelope of the log."""
    service = intake(url, bootstrap, var_dir, create_tables=False)
    try:
        return [
            (message_key(envelope), encode(envelope), headers(envelope))
            for page in ServiceLog(service, PAGE).pages(0)
            for envelope, _ in page.deliveries
        ]
    finally:
        service.application.close()  # type: ignore[union-attr]


def bare_producer(bootstrap: str, sent: list[tuple[bytes, bytes, list[Any]]]) -> dict[str, Any]:
    """The same client with nothing around it: produce every message, wait for every ack."""
    topic = topic_for("intake", f"benchbare{uuid.uuid4().hex[:6]}.")
    settings = kafka(bootstrap)
    ensure_topics(settings, [topic])
    started = time.perf_counter()
    if CLIENT == "confluent":
        from confluent_kafka import Producer

        producer = Producer(
            {
                "bootstrap.servers": bootstrap,
                "enable.idempotence": True,
                "acks": "all",
                "linger.ms": settings.linger_ms,
                "batch.size": settings.batch_bytes,
                "partitioner": "murmur2_random",
                "queue.buffering.max.messages": 1_000_000,
            }
        )
        for key, value, extra in sent:
            producer.produce(topic, value, key, headers=extra)
            producer.poll(0)
        left = producer.flush(60)
        assert left == 0, f"{left} messages not acknowledged"
    else:
        from kafka import KafkaProducer

        python_producer = KafkaProducer(
            bootstrap_servers=bootstrap,
            enable_idempotence=True,
            acks="all",
            linger_ms=settings.linger_ms,
            batch_size=settings.batch_bytes,
            max_request_size=settings.max_request_bytes,
        )
        for key, value, extra in sent:
            python_producer.send(topic, value=value, key=key, headers=extra)
        python_producer.flush(60)
        python_producer.close()
    seconds = time.perf_counter() - started
    return {
        "produced": len(sent),
        "seconds": round(seconds, 2),
        "events_per_second": round(len(sent) / seconds),
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
            bare = bare_producer(bootstrap, messages(url, bootstrap, tmp))
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(
        json.dumps(
            {
                "events": EVENTS,
                "client": CLIENT,
                **run,
                "page_size": PAGE,
                "bare_producer_events_per_second": bare["events_per_second"],
                "bare_producer": bare,
                "ratio_to_bare_producer": round(
                    run["events_per_second"] / bare["events_per_second"], 2
                ),
                "target_events_per_second": 50000,
                "targets_met": {
                    "events_per_second>=50000": run["events_per_second"] >= 50_000,
                    "at_least_half_of_bare_producer": (
                        run["events_per_second"] >= bare["events_per_second"] / 2
                    ),
                },
                "store_fill_seconds": round(fill_seconds, 2),
                "note": "PostgreSQL notification log (encrypted) -> Kafka, acks=all, idempotent; "
                "bare_producer: the same client and messages, no log, no mapping",
            }
        )
    )


if __name__ == "__main__":
    main()
