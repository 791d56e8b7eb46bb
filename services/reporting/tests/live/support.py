"""Builders for the live-reporting tests: envelopes, deliveries, generated office-days."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking

from benchmarks.generate_archive import ArchiveGenerator
from events import Envelope, envelope_from_dict
from events.catalogue import SOURCE_OF
from infra.service import Service
from infra.transport import Delivery
from services.reporting.live import LiveReporting
from services.reporting.settings import ReportingSettings
from services.reporting.store_sqlite import SqliteStore
from standard.calendar import ServiceCalendar
from standard.office import office_settings

WIB = timezone(timedelta(hours=7))
OFFICE = "3572"
_ids = itertools.count(1)


def wib(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def envelope_dict(
    event_type: str, at: datetime, office_id: str = OFFICE, **data: Any
) -> dict[str, Any]:
    stream = str(data.get("visit_id") or data.get("officer_id") or data.get("complaint_id") or "s")
    return {
        "event_id": str(uuid.UUID(int=next(_ids), version=4)),
        "event_type": event_type,
        "schema_version": 1,
        "occurred_at": at.isoformat(),
        "office_id": office_id,
        "source": SOURCE_OF[event_type],
        "stream_id": stream,
        "stream_position": 1,
        "data": data,
    }


def envelope(event_type: str, at: datetime, office_id: str = OFFICE, **data: Any) -> Envelope:
    return envelope_from_dict(envelope_dict(event_type, at, office_id, **data))


def arrival(visit_id: str, at: datetime, channel: str = "walk_in") -> Envelope:
    return envelope(
        "VisitorArrived",
        at,
        visit_id=visit_id,
        channel=channel,
        visitor={"visitor_ref": f"ref-{visit_id}"},
    )


def deliveries(envelopes: Iterable[Envelope], start: int = 1) -> list[Delivery]:
    """Each envelope at the next position of its source's log."""
    positions: dict[str, int] = {}
    found = []
    for item in envelopes:
        position = positions[item.source] = positions.get(item.source, start - 1) + 1
        found.append((item, Tracking(item.source, position)))
    return found


def generated_days(days: Sequence[date], visits: int = 12, seed: int = 7) -> list[dict[str, Any]]:
    """Realistic office-days at Blitar (every event type), as archive envelopes."""
    generator = ArchiveGenerator(seed)
    calendar = ServiceCalendar(office_settings(OFFICE))
    found: list[dict[str, Any]] = []
    for day in days:
        office_day = generator.office_day(OFFICE, calendar, day, visits)
        found += [item for _, item in sorted(office_day.events, key=lambda pair: pair[0])]
    return found


def shuffled_with_duplicates(items: Sequence[Any], seed: int = 3) -> list[Any]:
    rng = random.Random(seed)
    doubled = list(items) + rng.sample(list(items), k=max(1, len(items) // 10))
    rng.shuffle(doubled)
    return doubled


def make_reporting(
    clock: datetime | None = None, settings: ReportingSettings | None = None
) -> LiveReporting:
    fixed = clock or wib(17, 10)
    return LiveReporting(SqliteStore(":memory:"), settings or ReportingSettings(), lambda: fixed)


def without_sources(report: dict[str, Any]) -> dict[str, Any]:
    """A report with the provenance of its source (archive file / projection) left out."""
    copy = orjson.loads(orjson.dumps(report))
    copy["provenance"].pop("archive", None)
    copy["provenance"].pop("projection", None)
    return copy


class Ledger(Aggregate):
    """A fake upstream aggregate that records one integration envelope (our own port)."""

    @event("Recorded")
    def __init__(self, envelope: dict[str, Any]) -> None:
        self.envelope = envelope


class LedgerApplication(Application[Any]):
    name = "ledger"


def fake_upstream(name: str, envelopes: Iterable[dict[str, Any]]) -> Service:
    """A producing service whose notification log maps to the given envelopes."""
    from fastapi import APIRouter

    app = LedgerApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    for item in envelopes:
        app.save(Ledger(envelope=item))

    def to_envelope(domain_event: Any) -> Envelope | None:
        return envelope_from_dict(domain_event.envelope)

    return Service(name=name, router=APIRouter(), application=app, to_envelope=to_envelope)
