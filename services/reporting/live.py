"""Live reporting's parts, as the composition root wires them: store, facts, feed, clock.

Routes, commands and the scheduled delivery receive one `LiveReporting`; "now" comes from
its clock, so tests are deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import orjson

from infra.service import Service
from services.reporting.facts import OfficeFacts
from services.reporting.lag import KafkaEnds, lag_rows, upstream_ends
from services.reporting.periods import Period
from services.reporting.projection import ChangeFeed, LiveFacts, Projection
from services.reporting.renderers import needs_rows
from services.reporting.renderers.document import Document, StaffName
from services.reporting.report import report
from services.reporting.settings import ReportingSettings
from services.reporting.store import ProjectionStore
from standard.calendar import ServiceCalendar
from standard.directory import OfficeDirectory
from standard.errors import OfficeCheck, anyone, ensure_office
from standard.office import OfficeSettings

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
SOURCES = ("intake", "queue", "feedback", "staff")  # staff: officers' names and NIP


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class LiveReporting:
    store: ProjectionStore
    settings: ReportingSettings
    clock: Clock = system_clock
    offices: OfficeDirectory = field(default_factory=OfficeDirectory)
    feed: ChangeFeed = field(default_factory=ChangeFeed)
    kafka_ends: KafkaEnds | None = None  # distributed mode; embedded reads upstream stores
    write_behind: bool = False  # apply batches in a writer thread (PostgreSQL)
    live: LiveFacts = field(init=False)
    projection: Projection = field(init=False)

    def __post_init__(self) -> None:
        self.live = LiveFacts(self.store)
        self.projection = Projection(self.store, self.feed, self.write_behind)

    def now(self) -> datetime:
        return self.clock()

    def office(self, office_id: str) -> OfficeSettings:
        return self.offices.settings(office_id)

    def calendar(self, office_id: str) -> ServiceCalendar:
        return self.offices.calendar(office_id)

    @contextmanager
    def facts(self, office_id: str) -> Iterator[OfficeFacts]:
        """The office's facts, including every batch this process's consumer handed over."""
        self.projection.flush()
        with self.live.read(office_id) as facts:
            yield facts

    def warm_up(self, office_id: str) -> None:
        """Build the office's calendar (the holidays of this and last year: the `holidays`
        package computes them on first use, ~1 s) and fold its facts, so that the first
        dashboard or report does not pay for either."""
        calendar = self.calendar(office_id)
        this_year = calendar.local_date(self.now()).year
        for year in (this_year - 1, this_year):
            calendar.is_open_day(date(year, 1, 1))
        with self.facts(office_id):
            pass

    def report(
        self,
        office_id: str,
        period: Period,
        format_name: str = "json",
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> dict[str, Any]:
        """The report engine's report of the live facts, with where it was computed from."""
        ensure_office(may_act_for, office_id)
        calendar = self.calendar(office_id)
        self.projection.flush()
        reached = self.provenance()  # positions first: the facts below include at least these
        with self.facts(office_id) as facts:
            result = report(
                facts,
                calendar.settings,
                period,
                include_rows=needs_rows(format_name),
                calendar=calendar,
                as_of=self.now().timestamp(),
            )
        result["provenance"]["projection"] = reached
        return result

    def evaluations(
        self, office_id: str, *, may_act_for: OfficeCheck = anyone
    ) -> list[dict[str, Any]]:
        """The stored scheduled evaluations of the office (newest first), each with the
        provenance it was computed from: as of when, how many events, their digest."""
        ensure_office(may_act_for, office_id)
        office = self.office(office_id).office_id
        found = []
        for row in self.store.evaluations(office):
            stored = self.store.stored_evaluation(office, row["label"])
            report = orjson.loads(stored["report"]) if stored else {}
            source = report.get("provenance", {})
            found.append(
                {
                    **row,
                    "as_of": report.get("as_of"),
                    "complete": report.get("complete"),
                    "events": source.get("events"),
                    "events_digest": source.get("events_digest", {}).get("sha256"),
                    "code_version": source.get("code_version"),
                }
            )
        return found

    def stored_evaluation(
        self, office_id: str, label: str, *, may_act_for: OfficeCheck = anyone
    ) -> dict[str, Any] | None:
        ensure_office(may_act_for, office_id)
        return self.store.stored_evaluation(self.office(office_id).office_id, label)

    def national(self, period: Period, *, may_act_for: OfficeCheck = anyone) -> dict[str, Any]:
        """The national roll-up (`services.reporting.national`) of every office the
        projection holds events of: each office's row from its own live report. For
        callers who may act for BPS RI (office 0000)."""
        from infra.roles import NATIONAL_OFFICE  # BPS RI: its principals read the roll-up
        from services.reporting.national import rollup

        ensure_office(may_act_for, NATIONAL_OFFICE)
        self.projection.flush()
        reached = self.provenance()
        offices = sorted(self.store.counts())

        def reports() -> Iterator[tuple[dict[str, Any], OfficeSettings]]:
            for office_id in offices:
                calendar = self.calendar(office_id)
                with self.facts(office_id) as facts:
                    found = report(facts, calendar.settings, period, calendar=calendar)
                yield found, calendar.settings

        result = rollup(period, reports())
        result["provenance"] = {"projection": reached}
        return result

    def document(self, office_id: str) -> Document:
        """The office's letterhead and signatory for signed documents (PDF, XLSX, HTML)."""
        with self.facts(office_id) as facts:
            staff = {sid: StaffName(*known.current) for sid, known in facts.staff.items()}
        return Document(letterhead=self.settings.letterheads.get(office_id), staff=staff)

    def lag(self, services: Mapping[str, Service]) -> list[dict[str, Any]]:
        """Per topic partition (or upstream log): recorded position, end, lag."""
        try:
            ends = self.kafka_ends() if self.kafka_ends else upstream_ends(services, SOURCES)
        except Exception as exc:  # a broker down: the dashboard still answers, lag unknown
            log.warning("projection lag unknown: %s", type(exc).__name__)
            ends = {}
        return lag_rows(self.store.positions(), ends)

    def close(self) -> None:
        self.projection.close()
        if self.kafka_ends is not None:
            self.kafka_ends.close()
        self.store.close()

    def provenance(self) -> dict[str, Any]:
        generation = self.store.current_generation()
        return {
            "generation": generation,
            "positions": dict(sorted(self.store.positions(generation).items())),
        }
