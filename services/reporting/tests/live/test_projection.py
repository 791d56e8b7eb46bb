"""The live projection on the SQLite store: batches, positions, dedupe, equality with archives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from eventsourcing.persistence import Tracking

from events import envelope_from_dict
from services.reporting.archive import read_archive
from services.reporting.periods import parse_period
from services.reporting.report import report
from services.reporting.store import EventRow
from services.reporting.store_sqlite import SqliteStore
from services.reporting.tests.live.support import (
    OFFICE,
    arrival,
    deliveries,
    envelope,
    generated_days,
    make_reporting,
    shuffled_with_duplicates,
    wib,
    without_sources,
)
from standard.office import office_settings

MARCH = [date(2026, 3, day) for day in (2, 3, 4, 5, 6, 9, 10)]


def test_a_batch_and_its_positions_are_recorded_together():
    reporting = make_reporting()
    batch = deliveries([arrival("v1", wib(17, 8)), arrival("v2", wib(17, 9))])
    reporting.projection.handle_batch(batch)
    assert reporting.store.positions() == {"intake": 2}
    assert reporting.store.counts() == {OFFICE: 2}


def test_an_event_delivered_again_at_another_position_counts_once():
    reporting = make_reporting()
    first = arrival("v1", wib(17, 8))
    reporting.projection.handle_batch(deliveries([first]))
    reporting.projection.handle_batch([(first, Tracking("intake", 7))])
    with reporting.facts(OFFICE) as facts:
        assert len(facts.event_ids) == 1
    assert reporting.store.positions() == {"intake": 7}


def test_duplicates_inside_one_batch_are_stored_once():
    reporting = make_reporting()
    first = arrival("v1", wib(17, 8))
    reporting.projection.handle_batch(deliveries([first, first, first]))
    assert reporting.store.counts() == {OFFICE: 1}


def test_positions_never_move_back():
    reporting = make_reporting()
    reporting.projection.handle_batch(deliveries([arrival("v1", wib(17, 8))], start=10))
    reporting.projection.handle_batch(deliveries([arrival("v2", wib(17, 9))], start=3))
    assert reporting.projection.last_position("intake") == 10


def test_types_the_report_ignores_advance_the_position_only():
    reporting = make_reporting()
    card = envelope("IdentityCardDeposited", wib(17, 8), visit_id="v1", document_type="KTP")
    reporting.projection.handle_batch(deliveries([card]))
    assert reporting.store.counts() == {}
    assert reporting.projection.last_position("intake") == 1


def test_an_event_the_report_cannot_fold_is_never_counted_and_the_rest_is():
    reporting = make_reporting()
    # A payload the codec let through (e.g. an older reader) that the report refuses.
    broken = envelope("ComplaintFiled", wib(17, 8), complaint_id="c1", channel="phone")
    broken = broken.model_copy(update={"data": {"complaint_id": "c1", "channel": "fax"}})
    reporting.projection.handle_batch(deliveries([broken, arrival("v1", wib(17, 9))]))
    with reporting.facts(OFFICE) as facts:
        assert set(facts.visits) == {"v1"} and facts.complaints == {}
        assert len(facts.event_ids) == 1
    assert reporting.projection.last_position("feedback") == 1


class FailingStore(SqliteStore):
    """The store, killed after writing a batch's rows and positions, before the commit."""

    def before_commit(self) -> None:
        raise RuntimeError("consumer killed in the middle of the batch")


def test_a_batch_that_fails_half_way_leaves_nothing_behind():
    store = FailingStore(":memory:")
    with pytest.raises(RuntimeError):
        store.apply(
            [EventRow("e1", OFFICE, "VisitorArrived", 0.0, '{"visit_id":"v","channel":"email"}')],
            {"intake": 1},
        )
    assert store.counts() == {} and store.positions() == {}


def test_the_live_facts_follow_new_batches():
    reporting = make_reporting()
    reporting.projection.handle_batch(deliveries([arrival("v1", wib(17, 8))]))
    with reporting.facts(OFFICE) as facts:
        assert set(facts.visits) == {"v1"}
    reporting.projection.handle_batch(deliveries([arrival("v2", wib(17, 9))], start=2))
    with reporting.facts(OFFICE) as facts:
        assert set(facts.visits) == {"v1", "v2"}


def test_each_office_has_its_own_facts():
    reporting = make_reporting()
    other = envelope(
        "VisitorArrived",
        wib(17, 8),
        office_id="3571",
        visit_id="k1",
        channel="email",
        visitor={"visitor_ref": "r"},
    )
    reporting.projection.handle_batch(deliveries([arrival("v1", wib(17, 8)), other]))
    with reporting.facts("3571") as facts:
        assert set(facts.visits) == {"k1"}


@pytest.mark.parametrize("period", ["2026-03", "2026-03-02..2026-03-06", "2026"])
def test_a_report_from_the_projection_equals_the_report_from_an_archive(
    tmp_path: Path, period: str
):
    history = generated_days(MARCH)
    archive = tmp_path / "history.jsonl"
    archive.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in history))
    facts, _ = read_archive(archive, OFFICE)
    reporting = make_reporting()
    as_of = reporting.now().timestamp()  # live reports hold as of their clock's "now"
    expected = report(facts, office_settings(OFFICE), parse_period(period), as_of=as_of)

    arriving = deliveries(envelope_from_dict(item) for item in shuffled_with_duplicates(history))
    for start in range(0, len(arriving), 97):  # batches in any order, with redeliveries
        reporting.projection.handle_batch(arriving[start : start + 97])
    live = reporting.report(OFFICE, parse_period(period))

    assert without_sources(live) == without_sources(expected)
    assert live["provenance"]["events"] == expected["provenance"]["events"] > 100
