"""Reporting projection: catch-up speed from Kafka into PostgreSQL, and dashboard freshness.

1. Catch-up: N events of the generated archive (`benchmarks.generate_archive`, 39 East
   Java offices, every event type, ~0.5% duplicates) are produced to fresh topics with a
   plain producer (3 partitions each, keyed and partitioned as the relays do). Then, in
   the same run, with the same client (`BENCH_KAFKA_CLIENT`, default: the hub's
   `PST_KAFKA_CLIENT`): a bare consumer reads them all and does nothing (the floor); and the
   reporting consumer (`KafkaSubscription` + `ConsumerRunner`, as `hub run --roles
   consumer` runs it) projects them into a fresh PostgreSQL database. Events/s of both.
2. Freshness: with that history in place, VisitorArrived events for office 3572 are
   produced at 200/s; a dashboard client follows the SSE stream of the hub's web app
   (uvicorn, real HTTP). Delay = from the broker's acknowledgement of event k to the
   first snapshot counting k visitors today; p50/p99.

    BENCH_PROJECTION_EVENTS=1000000 BENCH_KAFKA_CLIENT=confluent \
        .venv/bin/python -m benchmarks.projection_catchup

Needs DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS (`make bench` starts the local stack).
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import psycopg
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

from benchmarks.generate_archive import EAST_JAVA, generate
from events import all_topics, decode, topic_for
from infra.consumer import ConsumerRunner
from infra.service import Service
from infra.settings import KafkaSettings
from infra.transport.kafka import ensure_topics, kafka_subscription, partition_for
from services.reporting.composition import shorten_gil_switch_interval
from services.reporting.live import SOURCES, LiveReporting
from services.reporting.periods import month
from services.reporting.settings import ReportingSettings
from services.reporting.store_postgres import PostgresStore
from services.reporting.wire import decode_for_projection

EVENTS = int(os.environ.get("BENCH_PROJECTION_EVENTS", "1000000"))
BATCH = int(os.environ.get("BENCH_PROJECTION_BATCH", "2000"))
FRESHNESS_RATE = int(os.environ.get("BENCH_FRESHNESS_RATE", "200"))
FRESHNESS_SECONDS = float(os.environ.get("BENCH_FRESHNESS_SECONDS", "15"))
COMPARE_DECODE = os.environ.get("BENCH_COMPARE_DECODE", "1") == "1"
BENCH_DIR = Path("var/bench")
PARTITIONS = 3
CLIENT = os.environ.get("BENCH_KAFKA_CLIENT") or KafkaSettings().client


def throughput(what: str, count: int, seconds: float) -> dict[str, Any]:
    """How many, in how long, and the rate: the shape of every timed figure here."""
    return {what: count, "seconds": round(seconds, 2), "events_per_second": round(count / seconds)}


def kafka(bootstrap: str, **values: Any) -> KafkaSettings:
    return KafkaSettings.model_validate(
        {"bootstrap_servers": bootstrap, "client": CLIENT, **values}
    )


def archive(events: int) -> Path:
    path = BENCH_DIR / f"east-java-{events}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        generate(partial, events, EAST_JAVA)
        partial.rename(path)
    return path


def produce_archive(bootstrap: str, prefix: str, path: Path) -> dict[str, Any]:
    """Every archive line to its source's topic, keyed and partitioned as a relay does."""
    if CLIENT == "confluent":
        return produce_archive_confluent(bootstrap, prefix, path)
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        linger_ms=20,
        batch_size=1 << 20,
        acks=1,
        max_request_size=8 << 20,
    )
    started, count = time.perf_counter(), 0
    with path.open("rb") as lines:
        for line in lines:
            event = orjson.loads(line)
            key = (event["data"].get("visit_id") or event["stream_id"]).encode()
            topic = topic_for(event["source"], prefix)
            producer.send(
                topic, value=line.rstrip(b"\n"), key=key, partition=partition_for(key, PARTITIONS)
            )
            count += 1
    producer.flush()
    producer.close()
    seconds = time.perf_counter() - started
    return throughput("produced", count, seconds)


def produce_archive_confluent(bootstrap: str, prefix: str, path: Path) -> dict[str, Any]:
    from confluent_kafka import Producer

    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "linger.ms": 20,
            "acks": 1,
            "partitioner": "murmur2_random",
            "queue.buffering.max.messages": 1_000_000,
        }
    )
    started, count = time.perf_counter(), 0
    with path.open("rb") as lines:
        for line in lines:
            event = orjson.loads(line)
            key = (event["data"].get("visit_id") or event["stream_id"]).encode()
            while True:
                try:
                    producer.produce(topic_for(event["source"], prefix), line.rstrip(b"\n"), key)
                    break
                except BufferError:
                    producer.poll(0.1)
            count += 1
            if count % 10_000 == 0:
                producer.poll(0)
    assert producer.flush(120) == 0
    seconds = time.perf_counter() - started
    return throughput("produced", count, seconds)


def end_offsets(bootstrap: str, topics: list[str]) -> dict[Any, int]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    partitions = [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]
    ends = consumer.end_offsets(partitions)
    consumer.close()
    return dict(ends)


def bare_consumer(bootstrap: str, topics: list[str]) -> dict[str, Any]:
    """The floor: the client reading every partition to its end, doing nothing."""
    if CLIENT == "confluent":
        return bare_consumer_confluent(bootstrap, topics)
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        max_poll_records=5000,
        fetch_max_bytes=32 << 20,
        max_partition_fetch_bytes=8 << 20,
    )
    partitions = [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    ends = consumer.end_offsets(partitions)
    started, count = time.perf_counter(), 0
    while any(consumer.position(tp) < ends[tp] for tp in partitions):
        for records in consumer.poll(timeout_ms=500, max_records=5000).values():
            count += len(records)
    seconds = time.perf_counter() - started
    consumer.close()
    return throughput("consumed", count, seconds)


def bare_consumer_confluent(bootstrap: str, topics: list[str]) -> dict[str, Any]:
    from confluent_kafka import OFFSET_BEGINNING, Consumer
    from confluent_kafka import TopicPartition as Partition

    ends = end_offsets(bootstrap, topics)
    total = sum(ends.values())
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"bench-bare-{uuid.uuid4().hex[:6]}",
            "enable.auto.commit": False,
            "fetch.max.bytes": 32 << 20,
            "max.partition.fetch.bytes": 8 << 20,
            "queued.max.messages.kbytes": 262_144,
        }
    )
    consumer.assign([Partition(t, p, OFFSET_BEGINNING) for t in topics for p in range(PARTITIONS)])
    started, count = time.perf_counter(), 0
    while count < total:
        count += len(consumer.consume(5000, 0.5))
    seconds = time.perf_counter() - started
    consumer.close()
    return throughput("consumed", count, seconds)


def reporting_service(reporting: LiveReporting) -> Service:
    from services.reporting.api.routes import router

    return Service(
        name="reporting",
        router=router,
        consumes=SOURCES,
        handle_batch=reporting.projection.handle_batch,
        last_position=reporting.projection.last_position,
        container=reporting,
        decode=decode_for_projection,
    )


def catch_up(
    reporting: LiveReporting, bootstrap: str, topics: list[str], decoder: Any = None
) -> dict[str, Any]:
    """The reporting consumer as the hub runs it, until every partition is read to its end.

    `decoder`: the reporting service's own reader (`Service.decode`), or events.decode."""
    position = reporting.projection.last_position
    decoder = decoder or reporting_service(reporting).decode or decode
    group = f"bench-reporting-{uuid.uuid4().hex[:6]}"  # a group of its own per run
    runner = ConsumerRunner(
        reporting_service(reporting),
        lambda: kafka_subscription(kafka(bootstrap), topics, group, position, decoder),
        batch_size=BATCH,
    )
    total = sum(end_offsets(bootstrap, topics).values())
    started = time.perf_counter()
    while runner.consumed < total:  # every message decodes; none is rejected
        runner.run_once(timeout=0.5)
    reporting.projection.flush(None)  # every batch stored and committed
    seconds = time.perf_counter() - started
    runner.subscription.close()
    return {
        "consumed": runner.consumed,
        "projected_rows": reporting.projection.applied,
        "seconds": round(seconds, 2),
        "events_per_second": round(runner.consumed / seconds),
        "batch_size": BATCH,
        "decoder": f"{decoder.__module__}.{decoder.__name__}",
    }


@contextmanager
def fresh_database(database_url: str) -> Iterator[str]:
    name = f"bench_reporting_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed_reports(reporting: LiveReporting) -> dict[str, Any]:
    """The monthly report of one office from the projection, in a new process's state:
    building the office's calendar (holidays; the hub does it at start-up), then cold
    (the office's rows read and folded) and warm (facts in memory, new rows only)."""
    fresh = LiveReporting(reporting.store, ReportingSettings())
    started = time.perf_counter()
    calendar = fresh.calendar("3572")
    for year in (2025, 2026):
        calendar.is_open_day(date(year, 1, 1))
    timings = {"calendar_seconds": round(time.perf_counter() - started, 3)}
    for name in ("cold", "warm"):
        started = time.perf_counter()
        result = fresh.report("3572", month(2026, 3))
        timings[f"{name}_seconds"] = round(time.perf_counter() - started, 3)
    return {
        "office": "3572",
        "period": "2026-03",
        **timings,
        "office_events": result["provenance"]["events"],
    }


def main() -> None:
    shorten_gil_switch_interval()  # as the reporting service's composition root does
    database_url, bootstrap = os.environ["DATABASE_URL"], os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    prefix = f"benchprojection{uuid.uuid4().hex[:6]}."
    topics = all_topics(prefix)
    ensure_topics(kafka(bootstrap, partitions=PARTITIONS), topics)
    try:
        print(json.dumps(measure(database_url, bootstrap, prefix)))
    finally:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        admin.delete_topics(topics)  # a million events: do not leave them on the broker
        admin.close()


def measure(database_url: str, bootstrap: str, prefix: str) -> dict[str, Any]:
    from benchmarks.projection_freshness import freshness

    topics = all_topics(prefix)
    produced = produce_archive(bootstrap, prefix, archive(EVENTS))
    floor = bare_consumer(bootstrap, topics)
    result: dict[str, Any] = {
        "benchmark": "projection_catchup",
        "client": CLIENT,
        "events": EVENTS,
        "produce": produced,
        "bare_consumer": floor,
    }
    with fresh_database(database_url) as url:
        reporting = LiveReporting(PostgresStore(url), ReportingSettings(), write_behind=True)
        result["projection"] = projected = catch_up(reporting, bootstrap, topics)
        result["ratio_to_bare_consumer"] = round(projected["seconds"] / floor["seconds"], 2)
        result["monthly_report"] = timed_reports(reporting)
        service = reporting_service(reporting)
        result["freshness"] = fresh = freshness(
            reporting, service, bootstrap, prefix, FRESHNESS_RATE, FRESHNESS_SECONDS
        )
        reporting.close()
    if COMPARE_DECODE:
        with fresh_database(database_url) as url:
            reporting = LiveReporting(PostgresStore(url), ReportingSettings(), write_behind=True)
            result["projection_with_pydantic_decode"] = catch_up(
                reporting, bootstrap, topics, decode
            )
            reporting.close()
    runs = ("one_office", "spread_over_39_offices", "spread_over_500_offices")
    result["targets_met"] = {
        "events_per_second>=30000": projected["events_per_second"] >= 30_000,
        "events_per_second>=100000": projected["events_per_second"] >= 100_000,
        "at_least_half_of_bare_consumer": (
            projected["events_per_second"] >= floor["events_per_second"] / 2
        ),
        "freshness_p99<1s": all((fresh[run]["p99_ms"] or 1e9) < 1000 for run in runs),
        "freshness_p99<250ms": all((fresh[run]["p99_ms"] or 1e9) < 250 for run in runs),
        "monthly_report<1s": result["monthly_report"]["cold_seconds"] < 1,
    }
    return result


if __name__ == "__main__":
    main()
