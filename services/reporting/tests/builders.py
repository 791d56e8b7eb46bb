"""Build envelopes and archives for the reporting tests, the way producers write them."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

from services.reporting.facts import OfficeFacts
from services.reporting.folding import fold_event

WIB = timezone(timedelta(hours=7))
SOURCES = {"Visitor": "intake", "Survey": "feedback", "Complaint": "feedback", "Staff": "staff"}
COUNTER = itertools.count(1)


def wib(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def event(event_type: str, at: datetime, office_id: str = "3572", **data: Any) -> dict[str, Any]:
    """One envelope (EVENTS.md) with a fresh event_id."""
    source = next((s for prefix, s in SOURCES.items() if event_type.startswith(prefix)), "queue")
    if event_type == "VisitorCalled":
        source = "queue"
    return {
        "event_id": str(uuid.UUID(int=next(COUNTER), version=4)),
        "event_type": event_type,
        "schema_version": 1,
        "occurred_at": at.isoformat(),
        "office_id": office_id,
        "source": source,
        "stream_id": str(data.get("visit_id") or data.get("officer_id") or "stream"),
        "stream_position": 1,
        "data": data,
    }


def arrived(visit_id: str, at: datetime, channel: str = "walk_in") -> dict[str, Any]:
    return event(
        "VisitorArrived",
        at,
        visit_id=visit_id,
        channel=channel,
        visitor={"visitor_ref": f"ref-{visit_id}"},
    )


def served(visit_id: str, officer: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
    return [
        event("ConsultationStarted", start, visit_id=visit_id, officer_id=officer),
        event("ConsultationCompleted", end, visit_id=visit_id, officer_id=officer),
    ]


def survey(survey_id: str, visit_id: str, at: datetime, *scores: int) -> dict[str, Any]:
    values = scores if len(scores) == 9 else scores * 9
    return event(
        "SurveySubmitted",
        at,
        survey_id=survey_id,
        visit_id=visit_id,
        scores={f"U{n}": value for n, value in enumerate(values, start=1)},
    )


def fold_all(events: Iterable[dict[str, Any]], office_id: str = "3572") -> OfficeFacts:
    facts = OfficeFacts(office_id)
    for envelope in events:
        at = datetime.fromisoformat(envelope["occurred_at"]).timestamp()
        fold_event(facts, envelope["event_id"], envelope["event_type"], at, envelope["data"])
    return facts


def write_archive(path: Path, events: Iterable[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(envelope) + b"\n" for envelope in events))
    return path
