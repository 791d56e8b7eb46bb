"""Any order and any duplication of the same events gives the same report."""

from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.reporting.archive import ArchiveReader
from services.reporting.periods import parse_period
from services.reporting.report import report
from services.reporting.tests.test_example import ARCHIVE
from services.reporting.tests.test_scenario import EVENTS
from standard.office import BLITAR

EXAMPLE_LINES = ARCHIVE.read_bytes().splitlines(keepends=True)
SCENARIO_LINES = [orjson.dumps(envelope) + b"\n" for envelope in EVENTS]


def report_of(lines: list[bytes], period: str) -> dict:
    reader = ArchiveReader("3572")
    summary = reader.read_lines(lines)
    assert summary.problems == []
    found = report(reader.facts, BLITAR, parse_period(period), include_rows=True)
    del found["provenance"]["code_version"]
    return found


def shuffled_with_duplicates(lines: list[bytes]):
    return st.lists(st.sampled_from(lines), max_size=len(lines)).flatmap(
        lambda extra: st.permutations(lines + extra)
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(shuffled_with_duplicates(EXAMPLE_LINES))
def test_shuffling_and_duplicating_the_example_never_changes_the_report(lines):
    assert report_of(lines, "2026-03") == report_of(EXAMPLE_LINES, "2026-03")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(shuffled_with_duplicates(SCENARIO_LINES), st.sampled_from(["2026-03", "2026"]))
def test_shuffling_and_duplicating_the_scenario_never_changes_the_report(lines, period):
    assert report_of(lines, period) == report_of(SCENARIO_LINES, period)


def test_the_example_file_is_where_the_tests_expect_it():
    assert Path(ARCHIVE).exists() and len(EXAMPLE_LINES) == 34
