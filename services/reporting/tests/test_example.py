"""The worked example of ../shared/examples: every number of the expected report."""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from services.reporting.archive import read_archive
from services.reporting.cli import report as report_command
from services.reporting.periods import parse_period
from services.reporting.report import report
from standard.office import BLITAR

# ../shared/examples beside the checkout: the nearest ancestor holding it (a git worktree
# sits one level deeper than the main checkout).
EXAMPLES = next(
    (
        folder / "shared" / "examples"
        for folder in Path(__file__).resolve().parents[4:]
        if (folder / "shared" / "examples").is_dir()
    ),
    Path(__file__).resolve().parents[4] / "shared" / "examples",
)
ARCHIVE = EXAMPLES / "march-2026-small.jsonl"
EXPECTED = EXAMPLES / "march-2026-small.report.json"
STATS = {"mean": None, "median": None, "p90": None, "max": None}
# The contract of SERVICE-STANDARD.md: a dict names its keys, None takes the whole value.
CONTRACT: dict[str, Any] = {
    "office_id": None,
    "period": {"start": None, "end": None},
    "offline": {
        "visits": None,
        "served": None,
        "abandoned": None,
        "within_standard": None,
        "compliance_pct": None,
        "wait_minutes": STATS,
    },
    "online": {
        "requests": None,
        "served": None,
        "within_standard": None,
        "compliance_pct": None,
        "wait_minutes": STATS,
    },
    "by_channel": None,
    "ikm": {"responses": None, "elements": None, "score": None, "category": None},
    "complaints": {"filed": None, "resolved": None, "open": None, "by_channel": None},
    "officers": [
        {
            "officer_id": None,
            "consultations": None,
            "within_standard": None,
            "compliance_pct": None,
            "mean_duration_minutes": None,
        }
    ],
}


def contract_of(value: Any, shape: Any) -> Any:
    """The part of a report the contract names (and only that part)."""
    if isinstance(shape, dict):
        return {key: contract_of(value[key], inner) for key, inner in shape.items()}
    if isinstance(shape, list):
        return [contract_of(item, shape[0]) for item in value]
    return value


def expected() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text())


def test_the_expected_report_is_exactly_the_contract():
    assert contract_of(expected(), CONTRACT) == expected()


def example_report() -> dict[str, Any]:
    facts, summary = read_archive(ARCHIVE, "3572")
    assert summary.problems == []
    return report(facts, BLITAR, parse_period("2026-03"))


def test_the_example_archive_gives_every_expected_number():
    assert contract_of(example_report(), CONTRACT) == expected()


def test_the_cli_prints_the_expected_figures_as_json():
    app = typer.Typer()
    app.command()(report_command)
    result = CliRunner().invoke(
        app, ["--archive", str(ARCHIVE), "--office", "3572", "--period", "2026-03"]
    )
    assert result.exit_code == 0, result.output
    assert contract_of(json.loads(result.stdout), CONTRACT) == expected()


def test_the_example_extras_are_hand_checked():
    found = example_report()
    assert found["ikm"]["weakest_element"] == {"element": "U9", "nrr": 3.33}
    assert found["ikm"]["by_channel"]["walk_in"] == {
        "responses": 2,
        "score": 90.28,
        "category": "A",
    }
    assert found["ikm"]["sample"]["population"] == 1  # v0, February
    assert found["ikm"]["sample"]["adequate"] is True
    assert found["complaints"]["median_working_days_to_resolution"] == 1  # 17 -> 25 March
    assert found["complaints"]["overdue"] == 0
    assert found["durations"]["offline"]["service"]["mean"] == 25.0
    assert [day["date"] for day in found["calendar"]["closed_days"]] == [
        "2026-03-18",
        "2026-03-19",
        "2026-03-20",
        "2026-03-23",
        "2026-03-24",
    ]


def test_provenance_counts_and_digests_the_events_used():
    lines = [json.loads(line) for line in ARCHIVE.read_text().splitlines()]
    used = {line["event_id"] for line in lines if line["event_type"] not in {"SuggestionBoxOpened"}}
    digest = hashlib.sha256("".join(f"{i}\n" for i in sorted(used)).encode()).hexdigest()
    provenance = example_report()["provenance"]
    assert provenance["events"] == len(used) == 32
    assert provenance["events_digest"]["sha256"] == digest
    assert provenance["history_until"] == "2026-03-25T10:00:00+07:00"
    assert provenance["settings"]["time_zone"] == "Asia/Jakarta"
    assert provenance["code_version"]


@pytest.mark.parametrize("period", ["2026", "2026-03-01..2026-03-31"])
def test_a_year_and_a_range_cover_the_same_march_visits(period):
    facts, _ = read_archive(ARCHIVE, "3572")
    wide = report(facts, BLITAR, parse_period(period))
    march = example_report()
    assert wide["online"] == march["online"]
    extra = 1 if period == "2026" else 0  # v0 arrived in February
    assert wide["offline"]["visits"] == march["offline"]["visits"] + extra
