"""Read a JSONL archive of envelopes into one office's facts, fast and forgiving.

The hot path parses each line with orjson and checks by hand only what the report
needs (office_id, event_type, event_id, occurred_at with an offset, schema_version,
data), then hands the event to `fold_event`. A line that cannot be read becomes an
`ArchiveProblem` naming its line number and field; the rest of the archive still
counts (the caller decides whether problems are fatal: `--strict`). Events of other
known offices are skipped; an office id that is no BPS office code is a problem.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from events import InvalidEvent
from events.catalogue import LATEST_VERSION
from events.upcasting import upcast_data
from services.reporting.facts import Instant, OfficeFacts
from services.reporting.folding import FOLDS, Data, fold_event
from standard.office import is_known_office

PROGRESS_EVERY = 1 << 16  # lines between two progress callbacks
loads = orjson.loads
fromisoformat = datetime.fromisoformat


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass(slots=True)
class ReadSummary:
    """What reading did with each line: used, duplicate, ignored type, other office, problem."""

    lines: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[ArchiveProblem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        outcomes = dict(sorted(self.outcomes.items()))
        return {"lines": self.lines, **outcomes, "problems": len(self.problems)}


def occurred_at(value: object) -> Instant:
    """The POSIX timestamp of an ISO-8601 instant with an offset (`Z` included)."""
    try:
        instant = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidEvent("occurred_at", "required: an ISO-8601 instant with an offset") from None
    except ValueError:
        raise InvalidEvent("occurred_at", f"{value!r} is not an ISO-8601 instant") from None
    if instant.tzinfo is None:
        raise InvalidEvent("occurred_at", f"{value!r} has no UTC offset (e.g. +07:00)")
    return instant.timestamp()


def latest_data(event_type: str, version: object, data: Data) -> Data:
    """Upcast `data` of an older schema_version; refuse versions this reader cannot read."""
    latest = LATEST_VERSION[event_type]
    if type(version) is not int or not 1 <= version <= latest:
        raise InvalidEvent("schema_version", f"must be an integer 1-{latest}, got {version!r}")
    return upcast_data(event_type, version, data)[0]


class ArchiveReader:
    """Folds lines of one office into `facts`, counting what happened to each line."""

    def __init__(self, office_id: str, facts: OfficeFacts | None = None) -> None:
        self.office_id = office_id
        self.facts = facts or OfficeFacts(office_id)
        self.summary = ReadSummary()
        self._known_offices: dict[object, bool] = {office_id: True}

    def take(self, line: bytes) -> str:
        """Fold one line; returns its outcome, raises InvalidEvent for a bad line.

        The fast path trusts the shape and lets a missing or mistyped field fail; only
        then does `diagnose` look again, to name the field.
        """
        try:
            event = loads(line)
            office_id, event_type = event["office_id"], event["event_type"]
        except (ValueError, KeyError, TypeError):
            raise diagnose_envelope(line) from None
        if office_id != self.office_id:
            return self.other_office(office_id)
        return self.fold(self.facts, event, event_type)

    def fold(self, facts: OfficeFacts, event: dict[str, Any], event_type: Any) -> str:
        """The checks of a line of a reported office, then its fold into `facts`."""
        if event_type not in FOLDS:
            if type(event_type) is not str:
                raise InvalidEvent("event_type", "must be the event's type name")
            return "ignored"
        try:
            event_id, data, version = event["event_id"], event["data"], event["schema_version"]
            instant = fromisoformat(event["occurred_at"])
        except (KeyError, TypeError, ValueError):
            raise diagnose_fields(event, event_type) from None
        if (
            type(event_id) is not str
            or not event_id
            or type(data) is not dict
            or not instant.tzinfo
        ):
            raise diagnose_fields(event, event_type)
        if version != LATEST_VERSION[event_type]:
            data = latest_data(event_type, version, data)
        return fold_event(facts, event_id, event_type, instant.timestamp(), data)

    def other_office(self, office_id: object) -> str:
        known = self._known_offices.get(office_id)
        if known is None:
            known = isinstance(office_id, str) and is_known_office(office_id)
            self._known_offices[office_id] = known
        if known:
            return "other_office"
        if office_id is None:
            raise InvalidEvent("office_id", "required field is missing")
        raise InvalidEvent("office_id", f"{office_id!r} is not a known BPS office code")

    def read_lines(
        self,
        lines: Iterable[bytes],
        on_problem: Callable[[ArchiveProblem], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ReadSummary:
        """Fold every line; `on_progress(lines_read)` every PROGRESS_EVERY lines."""
        summary, take = self.summary, self.take
        counts = dict.fromkeys(("used", "duplicate", "ignored", "other_office"), 0)
        number = summary.lines
        next_progress = number + PROGRESS_EVERY if on_progress else -1
        for number, line in enumerate(lines, start=summary.lines + 1):
            try:
                counts[take(line)] += 1
            except InvalidEvent as exc:
                self.refuse(number, line, exc, on_problem)
            if number == next_progress and on_progress is not None:
                on_progress(number)
                next_progress += PROGRESS_EVERY
        summary.lines = number
        summary.outcomes.update({key: count for key, count in counts.items() if count})
        return summary

    def refuse(
        self,
        number: int,
        line: bytes,
        problem: InvalidEvent,
        on_problem: Callable[[ArchiveProblem], None] | None,
    ) -> None:
        if not line.strip():
            self.summary.outcomes["blank"] += 1
            return
        found = ArchiveProblem(number, problem.field, problem.reason)
        self.summary.problems.append(found)
        if on_problem is not None:
            on_problem(found)


class AllOfficesReader(ArchiveReader):
    """Folds the lines of every office, each into its own facts (`hub report --all-offices`)."""

    def __init__(self) -> None:
        super().__init__("")
        self._known_offices = {}  # every office is one to report, none known up front
        self.offices: dict[str, OfficeFacts] = {}

    def take(self, line: bytes) -> str:
        try:
            event = loads(line)
            office_id, event_type = event["office_id"], event["event_type"]
        except (ValueError, KeyError, TypeError):
            raise diagnose_envelope(line) from None
        facts = self.offices.get(office_id)
        if facts is None:
            if self.other_office(office_id) != "other_office":  # pragma: no cover - raises
                raise AssertionError("unreachable")
            facts = self.offices[office_id] = OfficeFacts(office_id)
        return self.fold(facts, event, event_type)


def read_all_offices(
    path: Path,
    on_problem: Callable[[ArchiveProblem], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, OfficeFacts], ReadSummary]:
    """Fold the archive at `path` into the facts of every office it holds."""
    reader = AllOfficesReader()
    with paused_collector(), path.open("rb") as lines:
        progress = None if on_progress is None else lambda _: on_progress(lines.tell())
        summary = reader.read_lines(lines, on_problem, progress)
    return reader.offices, summary


def diagnose_envelope(line: bytes) -> InvalidEvent:
    """Why a line has no readable office_id and event_type."""
    try:
        event = loads(line)
    except orjson.JSONDecodeError as exc:
        return InvalidEvent("(line)", f"not JSON: {exc}")
    if type(event) is not dict:
        return InvalidEvent("(line)", "an envelope must be a JSON object")
    office_id = event.get("office_id")
    if office_id is None:
        return InvalidEvent("office_id", "required field is missing")
    if not isinstance(office_id, str) or not is_known_office(office_id):
        return InvalidEvent("office_id", f"{office_id!r} is not a known BPS office code")
    return InvalidEvent("event_type", "required field is missing")


def diagnose_fields(event: dict[str, Any], event_type: str) -> InvalidEvent:
    """Name the first envelope field the report needs that is missing or malformed."""
    if type(event.get("event_id")) is not str or not event["event_id"]:
        return InvalidEvent("event_id", "required: the event's UUID")
    if type(event.get("data")) is not dict:
        return InvalidEvent("data", "required: an object")
    try:
        latest_data(event_type, event.get("schema_version"), event["data"])
        occurred_at(event.get("occurred_at"))
    except InvalidEvent as problem:
        return problem
    return InvalidEvent("(line)", "unreadable envelope")


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector: facts hold no cycles, and a million new
    objects would otherwise trigger hundreds of full scans of the growing heap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_archive(
    path: Path,
    office_id: str,
    on_problem: Callable[[ArchiveProblem], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[OfficeFacts, ReadSummary]:
    """Fold the archive at `path` into the facts of `office_id`; progress in bytes read."""
    reader = ArchiveReader(office_id)
    with paused_collector(), path.open("rb") as lines:
        progress = None if on_progress is None else lambda _: on_progress(lines.tell())
        summary = reader.read_lines(lines, on_problem, progress)
    return reader.facts, summary
