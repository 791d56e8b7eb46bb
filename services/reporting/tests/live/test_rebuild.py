"""Rebuilding the projection from the producers' notification logs (embedded mode)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from events import envelope_from_dict
from infra.service import Service
from services.reporting.live import LiveReporting
from services.reporting.periods import parse_period
from services.reporting.projection import rows_and_positions
from services.reporting.rebuild import Rebuild, log_source, retire_old_generations
from services.reporting.settings import ReportingSettings
from services.reporting.store_sqlite import SqliteStore
from services.reporting.tests.live.support import (
    OFFICE,
    arrival,
    deliveries,
    fake_upstream,
    generated_days,
    make_reporting,
    wib,
)

MARCH = parse_period("2026-03")


@pytest.fixture(scope="module")
def history() -> list[dict[str, Any]]:
    return generated_days([date(2026, 3, day) for day in (2, 3)])


def upstreams(history: list[dict[str, Any]]) -> list[Service]:
    return [
        fake_upstream(source, [item for item in history if item["source"] == source])
        for source in ("intake", "queue", "feedback")
    ]


def test_a_rebuild_fills_a_fresh_generation_and_swaps_it_in(history: list[dict[str, Any]]):
    reporting = make_reporting()
    reporting.projection.handle_batch(deliveries(envelope_from_dict(i) for i in history))
    before = reporting.report(OFFICE, MARCH)

    result = Rebuild(reporting.store, log_source(upstreams(history)), batch_size=50).run(10)

    assert result.swapped and reporting.store.current_generation() == result.generation == 2
    after = reporting.report(OFFICE, MARCH)
    assert after["provenance"]["projection"]["generation"] == 2
    after["provenance"].pop("projection"), before["provenance"].pop("projection")
    assert after == before


def test_the_old_projection_serves_until_the_swap(history: list[dict[str, Any]]):
    reporting = make_reporting()
    reporting.projection.handle_batch(deliveries([arrival("only-old", wib(2, 9))]))
    rebuild = Rebuild(reporting.store, log_source(upstreams(history)), batch_size=20)
    rebuild.step()
    with reporting.facts(OFFICE) as facts:
        assert set(facts.visits) == {"only-old"}  # the fresh one is not swapped in yet
    while not rebuild.step():
        pass
    assert reporting.store.swap(rebuild.generation)
    with reporting.facts(OFFICE) as facts:
        assert "only-old" not in facts.visits and len(facts.visits) > 10


def test_a_fresh_generation_behind_the_live_one_is_not_swapped_in():
    store = SqliteStore(":memory:")
    store.apply([], {"intake": 10})
    fresh = store.new_generation()
    store.apply([], {"intake": 9}, generation=fresh)
    assert not store.swap(fresh) and store.current_generation() == 1
    store.apply([], {"intake": 10}, generation=fresh)
    assert store.swap(fresh) and store.current_generation() == fresh


def test_after_a_swap_the_live_consumer_writes_to_the_new_generation():
    reporting = make_reporting()
    v1, v2, v3 = (arrival(f"v{n}", wib(2, 8 + n)) for n in (1, 2, 3))
    reporting.projection.handle_batch(deliveries([v1]))
    fresh = reporting.store.new_generation()
    rows, positions = rows_and_positions(deliveries([v1, v2]))
    reporting.store.apply(rows, positions, generation=fresh)
    reporting.projection.handle_batch(deliveries([v2], start=2))  # the live one, meanwhile
    assert reporting.store.swap(fresh)
    reporting.projection.handle_batch(deliveries([v2, v3], start=2))  # redelivered, then new
    assert reporting.store.counts() == {OFFICE: 3}
    assert reporting.projection.last_position("intake") == 3


def test_old_generations_are_retired_but_the_previous_one(history: list[dict[str, Any]]):
    store = SqliteStore(":memory:")
    for _ in range(3):
        assert Rebuild(store, log_source(upstreams(history))).run(10).swapped
    assert retire_old_generations(store, keep=1) == [1, 2]
    assert store.generations() == [3, 4]


def test_a_rebuild_in_another_process_is_seen_by_the_serving_one(
    tmp_path: Path, history: list[dict[str, Any]]
):
    path = tmp_path / "reporting.sqlite3"
    serving = LiveReporting(SqliteStore(path), ReportingSettings(), lambda: wib(3, 16))
    serving.projection.handle_batch(deliveries([arrival("stale", wib(2, 9))]))
    with serving.facts(OFFICE) as facts:
        assert set(facts.visits) == {"stale"}
    other_process = SqliteStore(path)
    assert Rebuild(other_process, log_source(upstreams(history))).run(10).swapped
    with serving.facts(OFFICE) as facts:
        assert "stale" not in facts.visits and facts.visits
