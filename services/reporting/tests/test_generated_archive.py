"""The benchmark's archive generator writes archives the reader takes without a problem."""

from benchmarks.generate_archive import generate
from services.reporting.archive import read_archive
from services.reporting.periods import parse_period
from services.reporting.report import report
from standard.office import BLITAR


def test_a_generated_archive_reads_cleanly_and_reports(tmp_path):
    path = tmp_path / "archive.jsonl"
    written = generate(path, 4000, ["3572", "3571"], seed=7)
    facts, summary = read_archive(path, "3572")
    assert written == summary.lines == 4000
    assert summary.problems == []
    assert summary.outcomes["other_office"] > 0 and summary.outcomes["duplicate"] > 0
    found = report(facts, BLITAR, parse_period("2026"))
    assert found["offline"]["visits"] > 0 and found["online"]["requests"] > 0
    assert found["ikm"]["responses"] > 0
    assert all(row["on_duty_minutes"] > 0 for row in found["officers"])


def test_the_same_seed_writes_the_same_archive(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    generate(one, 500, ["3572"], seed=3)
    generate(two, 500, ["3572"], seed=3)
    assert one.read_bytes() == two.read_bytes()
