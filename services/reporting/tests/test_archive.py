from datetime import UTC, datetime

import orjson
import pytest

from events import upcasting
from events.catalogue import LATEST_VERSION
from services.reporting.archive import ArchiveReader, read_archive
from services.reporting.tests.builders import arrived, event, served, wib, write_archive


def lines(*events) -> list[bytes]:
    return [orjson.dumps(envelope) + b"\n" for envelope in events]


def read(raw: list[bytes], office_id: str = "3572"):
    reader = ArchiveReader(office_id)
    return reader, reader.read_lines(raw)


def test_a_broken_line_is_reported_with_its_number_and_the_rest_still_counts():
    raw = lines(arrived("v1", wib(17, 8)))
    raw.insert(0, b'{"event_id": "x", broken\n')
    reader, summary = read(raw)
    assert str(summary.problems[0]).startswith("line 1: (line): not JSON")
    assert "v1" in reader.facts.visits and summary.outcomes["used"] == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("event_id", None, "line 1: event_id: required"),
        ("occurred_at", None, "line 1: occurred_at: required"),
        (
            "occurred_at",
            "2026-03-17T08:00:00",
            "line 1: occurred_at: '2026-03-17T08:00:00' has no UTC offset",
        ),
        ("occurred_at", "yesterday", "line 1: occurred_at: 'yesterday' is not an ISO-8601 instant"),
        ("data", None, "line 1: data: required"),
        ("office_id", None, "line 1: office_id: required"),
        ("office_id", "9999", "line 1: office_id: '9999' is not a known BPS office code"),
        ("schema_version", 7, "line 1: schema_version: must be an integer 1-1, got 7"),
    ],
)
def test_a_missing_or_bad_field_is_named_with_the_line(field, value, message):
    envelope = arrived("v1", wib(17, 8))
    if value is None:
        del envelope[field]
    else:
        envelope[field] = value
    _, summary = read(lines(envelope))
    assert str(summary.problems[0]).startswith(message)


def test_a_bad_payload_field_is_named_with_the_line():
    good, bad = arrived("v1", wib(17, 8)), arrived("v2", wib(17, 9), channel="fax")
    _, summary = read(lines(good, bad))
    assert str(summary.problems[0]) == (
        "line 2: data.channel: 'fax' is not one of email, halopst, walk_in, whatsapp"
    )


def test_a_non_object_line_is_a_problem_and_blank_lines_are_not():
    _, summary = read([b"[1, 2]\n", b"\n", b"   \n"])
    assert [p.line for p in summary.problems] == [1]
    assert summary.outcomes["blank"] == 2


def test_events_of_other_known_offices_are_skipped_silently():
    reader, summary = read(
        lines(
            event("VisitorArrived", wib(17, 8), office_id="3571", visit_id="x", channel="walk_in")
        )
    )
    assert summary.problems == [] and summary.outcomes["other_office"] == 1
    assert reader.facts.visits == {}


def test_duplicates_and_unknown_types_are_counted_not_folded():
    first = arrived("v1", wib(17, 8))
    unknown = event("SuggestionBoxOpened", wib(17, 9), box="ruang-tunggu")
    _, summary = read(lines(first, first, unknown))
    assert dict(summary.outcomes) == {"used": 1, "duplicate": 1, "ignored": 1}


def test_an_older_schema_version_is_upcast_before_folding(monkeypatch):
    def rename_kanal(data):
        return {**{k: v for k, v in data.items() if k != "kanal"}, "channel": data["kanal"]}

    monkeypatch.setitem(LATEST_VERSION, "VisitorArrived", 2)
    monkeypatch.setitem(upcasting.UPCASTERS, ("VisitorArrived", 1), rename_kanal)
    old = arrived("v1", wib(17, 8))
    old["data"]["kanal"] = old["data"].pop("channel")
    reader, summary = read(lines(old))
    assert summary.problems == [] and reader.facts.visits["v1"].channel == "walk_in"


def test_z_and_other_offsets_are_the_same_instant():
    envelope = arrived("v1", wib(17, 8))
    envelope["occurred_at"] = "2026-03-17T01:00:00Z"
    reader, _ = read(lines(envelope))
    assert reader.facts.visits["v1"].arrived_at == datetime(2026, 3, 17, 1, tzinfo=UTC).timestamp()


def test_read_archive_reports_progress_and_problems(tmp_path, monkeypatch):
    monkeypatch.setattr("services.reporting.archive.PROGRESS_EVERY", 2)
    path = write_archive(
        tmp_path / "a.jsonl",
        [arrived("v1", wib(17, 8)), *served("v1", "ani", wib(17, 8, 5), wib(17, 9))],
    )
    seen: list[int] = []
    problems: list[object] = []
    facts, summary = read_archive(path, "3572", problems.append, seen.append)
    assert summary.lines == 3 and problems == [] and seen and seen[0] > 0
    assert facts.visits["v1"].officer_id == "ani"
