"""The projection on the real PostgreSQL, fed from the real Kafka topics."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest
from typer.testing import CliRunner

from events import all_topics, envelope_from_dict, topic_for
from hub.cli import app as hub_cli
from infra.consumer import ConsumerRunner
from infra.service import Service
from infra.settings import KafkaSettings
from infra.transport.kafka import (
    KafkaSubscription,
    ensure_topics,
    kafka_publisher,
    kafka_subscription,
)
from services.reporting.archive import read_archive
from services.reporting.export import export_from_topics, verify
from services.reporting.live import SOURCES, LiveReporting
from services.reporting.periods import parse_period
from services.reporting.rebuild import KafkaSource, Rebuild
from services.reporting.report import report
from services.reporting.settings import ReportingSettings
from services.reporting.store import EventRow
from services.reporting.store_postgres import PostgresStore
from services.reporting.tests.live.support import OFFICE, generated_days, wib, without_sources
from standard.office import office_settings

pytestmark = pytest.mark.integration
MARCH = parse_period("2026-03")
NOW = wib(4, 16)  # the live reports' clock, and so the moment their figures hold for


@pytest.fixture(scope="module")
def history() -> list[dict[str, Any]]:
    return generated_days([date(2026, 3, day) for day in (2, 3, 4)], visits=10)


@pytest.fixture
def schema(postgres_url: str) -> Iterator[str]:
    name = f"pst_reporting_{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def topics(
    kafka_settings: KafkaSettings, topic_prefix: str, history: list[dict[str, Any]]
) -> list[str]:
    """The history on the real topics, produced as the relays do (with some duplicates)."""
    ensure_topics(kafka_settings, all_topics(topic_prefix))
    for source in SOURCES:
        publisher = kafka_publisher(kafka_settings, topic_for(source, topic_prefix))
        mine = [envelope_from_dict(item) for item in history if item["source"] == source]
        publisher.publish(mine + mine[:5])  # a relay re-sent a batch after a crash
        publisher.close()
    return all_topics(topic_prefix)


def live(postgres_url: str, schema: str) -> LiveReporting:
    store = PostgresStore(postgres_url, schema=schema)
    return LiveReporting(store, ReportingSettings(), lambda: NOW)


def consumer(reporting: LiveReporting, kafka: KafkaSettings, topics: list[str], group: str) -> Any:
    service = Service(
        name="reporting",
        router=None,  # type: ignore[arg-type]
        consumes=SOURCES,
        handle_batch=reporting.projection.handle_batch,
        last_position=reporting.projection.last_position,
    )

    def subscribe() -> KafkaSubscription:
        return kafka_subscription(kafka, topics, group, reporting.projection.last_position)

    return ConsumerRunner(service, subscribe, batch_size=100)


def drain(runner: ConsumerRunner) -> None:
    """Consume until every assigned partition is read to its end."""
    for _ in range(200):
        runner.run_once(timeout=0.5)
        if runner.subscription.caught_up():
            return
    raise AssertionError("the consumer did not catch up")


def archive_report(tmp_path: Path, history: list[dict[str, Any]]) -> dict[str, Any]:
    path = tmp_path / "reference.jsonl"
    path.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in history))
    facts, _ = read_archive(path, OFFICE)
    return report(facts, office_settings(OFFICE), MARCH, as_of=NOW.timestamp())  # as live


def test_a_batch_and_its_positions_commit_in_one_transaction(postgres_url: str, schema: str):
    class Crashing(PostgresStore):
        def before_commit(self) -> None:
            raise RuntimeError("killed after the writes, before the commit")

    row = EventRow(str(uuid.uuid4()), OFFICE, "VisitorArrived", 0.0, '{"visit_id":"v"}')
    with pytest.raises(RuntimeError):
        Crashing(postgres_url, schema=schema).apply([row], {"t#0": 1})
    store = PostgresStore(postgres_url, schema=schema)
    assert store.counts() == {} and store.positions() == {}
    assert store.apply([row, row], {"t#0": 1}) == 1
    assert store.apply([row], {"t#0": 2}) == 0
    assert store.counts() == {OFFICE: 1} and store.positions() == {"t#0": 2}


def test_the_projection_from_kafka_reports_what_the_archive_reports(
    tmp_path: Path,
    postgres_url: str,
    schema: str,
    kafka_settings: KafkaSettings,
    topics: list[str],
    history: list[dict[str, Any]],
    topic_prefix: str,
):
    reporting = live(postgres_url, schema)
    drain(consumer(reporting, kafka_settings, topics, f"{topic_prefix}reporting"))
    assert without_sources(reporting.report(OFFICE, MARCH)) == without_sources(
        archive_report(tmp_path, history)
    )


class CrashOnThirdBatch(PostgresStore):
    """The real store, killed on its third batch after its writes, before the commit."""

    batches = 0

    def before_commit(self) -> None:
        self.batches += 1
        if self.batches == 3:
            raise RuntimeError("consumer killed in the middle of a batch")


def test_killing_the_consumer_mid_batch_and_restarting_it_changes_no_figure(
    tmp_path: Path,
    postgres_url: str,
    schema: str,
    kafka_settings: KafkaSettings,
    topics: list[str],
    history: list[dict[str, Any]],
    topic_prefix: str,
):
    group = f"{topic_prefix}reporting"
    store = CrashOnThirdBatch(postgres_url, schema=schema)
    crashing = LiveReporting(store, ReportingSettings(), lambda: wib(4, 16))
    runner = consumer(crashing, kafka_settings, topics, group)
    with pytest.raises(RuntimeError, match="killed"):
        drain(runner)
    runner.subscription.close()
    assert store.batches == 3 and sum(store.counts().values()) > 0

    restarted = live(postgres_url, schema)  # a new process: positions from the store
    drain(consumer(restarted, kafka_settings, topics, group))
    expected = archive_report(tmp_path, history)
    assert without_sources(restarted.report(OFFICE, MARCH)) == without_sources(expected)
    assert sum(restarted.store.counts().values()) == expected["provenance"]["events"]


def test_a_rebuild_from_the_topics_swaps_in_an_equal_projection(
    tmp_path: Path,
    postgres_url: str,
    schema: str,
    kafka_settings: KafkaSettings,
    topics: list[str],
    history: list[dict[str, Any]],
    topic_prefix: str,
):
    reporting = live(postgres_url, schema)
    source = KafkaSource(kafka_settings, topics, f"{topic_prefix}rebuild")
    result = Rebuild(reporting.store, source, batch_size=500).run(timeout_seconds=60)
    assert result.swapped and reporting.store.current_generation() == 2
    assert without_sources(reporting.report(OFFICE, MARCH)) == without_sources(
        archive_report(tmp_path, history)
    )


def test_an_export_of_the_topics_replays_to_the_same_figures(
    tmp_path: Path,
    kafka_settings: KafkaSettings,
    topics: list[str],
    topic_prefix: str,
    history: list[dict[str, Any]],
):
    named = {source: topic_for(source, topic_prefix) for source in SOURCES}
    result = export_from_topics(kafka_settings, named, tmp_path / "topics.jsonl")
    assert result.events == len(history) + 3 * 5 and verify(result.path)
    replay = CliRunner().invoke(
        hub_cli,
        [
            *("report", "--archive", str(result.path), "--office", OFFICE, "--period", "2026-03"),
            *("--as-of", NOW.isoformat()),
        ],
    )
    assert replay.exit_code == 0, replay.output
    assert without_sources(orjson.loads(replay.stdout)) == without_sources(
        archive_report(tmp_path, history)
    )
