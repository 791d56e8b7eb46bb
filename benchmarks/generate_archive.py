"""Generate a realistic event archive: many offices, a year of open days, every event type.

Each office has a few officers who sign on, take a break and sign off every open day;
walk-in visitors arrive through the day and are served in turn (identity card, guest
book, queue, call, start, completion, survey); online requests arrive day and night and
are answered in business hours; some visitors leave; some file complaints. Lines are in
rough time order with local reordering and about 0.5% duplicates (at-least-once export).

    .venv/bin/python -m benchmarks.generate_archive --events 1000000 --out var/bench/a.jsonl
"""

from __future__ import annotations

import argparse
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import takewhile
from pathlib import Path
from typing import Any

import orjson

from events.catalogue import SOURCE_OF
from standard.calendar import ServiceCalendar
from standard.office import PROVINCE_TIME_ZONES, office_settings

EAST_JAVA = ["3500", *(f"35{n:02d}" for n in range(1, 30)), *(f"35{n}" for n in range(71, 80))]
# Visits a day over the year, relative to an office's own mean: quieter in January,
# around Lebaran (late March 2026) and at the year's end; busier when students write
# their theses and agencies plan budgets.
SEASON = {
    1: 0.8,
    2: 0.95,
    3: 0.9,
    4: 1.15,
    5: 1.15,
    6: 0.95,
    7: 0.9,
    8: 1.05,
    9: 1.15,
    10: 1.2,
    11: 1.1,
    12: 0.7,
}


def national_offices(count: int = 500) -> list[str]:
    """`count` BPS office codes over every province (WIB, WITA and WIT), Blitar first:
    each province's office, then its regencies (01..) and cities (71..) in turn."""
    provinces = sorted(p for p in PROVINCE_TIME_ZONES if p != "00")
    per_province = [
        [f"{p}00", *(f"{p}{n:02d}" for n in range(1, 30)), *(f"{p}{n}" for n in range(71, 80))]
        for p in provinces
    ]
    chosen = ["3572"]
    for rank in range(max(map(len, per_province))):
        for codes in per_province:
            if len(chosen) == count:
                return chosen
            if rank < len(codes) and codes[rank] not in chosen:
                chosen.append(codes[rank])
    return chosen


SCORES = (1, 2, 3, 3, 3, 4, 4, 4, 4, 4)
ONLINE = ("halopst", "whatsapp", "whatsapp", "email")
COMPLAINT_CHANNELS = ("suggestion_box", "website", "lapor", "phone", "whatsapp", "email")
EVENTS_PER_VISIT = 9.0  # the mix below, on average, plus each office-day's duty events


@dataclass
class Day:
    """One office-day being generated: its calendar, officers and events so far."""

    office_id: str
    calendar: ServiceCalendar
    opens: datetime
    closes: datetime
    officers: list[str]
    events: list[tuple[datetime, dict[str, Any]]]


class ArchiveGenerator:
    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.positions: dict[str, int] = {}

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def minutes(self, low: float, high: float) -> timedelta:
        return timedelta(minutes=self.rng.uniform(low, high))

    def emit(self, day: Day, at: datetime, event_type: str, stream: str, **data: Any) -> None:
        """One envelope as its producer (SOURCE_OF) would write it."""
        position = self.positions[stream] = self.positions.get(stream, 0) + 1
        envelope = {
            "event_id": self.new_id(),
            "event_type": event_type,
            "schema_version": 1,
            "occurred_at": at.isoformat(),
            "office_id": day.office_id,
            "source": SOURCE_OF[event_type],
            "stream_id": stream,
            "stream_position": position,
            "data": data,
        }
        day.events.append((at, envelope))

    def duty(self, day: Day, officer: str) -> None:
        desk, pause = f"desk-{officer}", day.opens + timedelta(hours=4) + self.minutes(0, 60)
        self.emit(
            day,
            day.opens - self.minutes(0, 15),
            "OfficerSignedOn",
            desk,
            officer_id=officer,
            desk=officer[-1],
        )
        self.emit(day, pause, "OfficerBreakStarted", desk, officer_id=officer)
        self.emit(day, pause + self.minutes(20, 60), "OfficerBreakEnded", desk, officer_id=officer)
        self.emit(
            day, day.closes + self.minutes(0, 20), "OfficerSignedOff", desk, officer_id=officer
        )

    def arrive(self, day: Day, at: datetime, channel: str) -> str:
        visit = self.new_id()
        profile = {
            "visitor_ref": f"ref-{self.rng.getrandbits(48):012x}",
            "institution_type": self.rng.choice(("pemerintah", "swasta", "mahasiswa")),
            "age_group": self.rng.choice(("17-25", "26-40", "41-60")),
        }
        self.emit(
            day, at, "VisitorArrived", visit, visit_id=visit, channel=channel, visitor=profile
        )
        return visit

    def consult(self, day: Day, visit: str, officer: str, start: datetime, queue: str) -> datetime:
        """Queue, call (offline), start, complete, survey; returns the completion instant."""
        ticket = f"ticket-{visit}"
        self.emit(
            day, start - self.minutes(2, 30), "VisitorQueued", ticket, visit_id=visit, queue=queue
        )
        if queue == "offline":
            self.emit(
                day,
                start - self.minutes(0.5, 2),
                "VisitorCalled",
                ticket,
                visit_id=visit,
                officer_id=officer,
            )
        self.emit(day, start, "ConsultationStarted", ticket, visit_id=visit, officer_id=officer)
        done = start + self.minutes(8, 45)
        self.emit(
            day,
            done,
            "ConsultationCompleted",
            ticket,
            visit_id=visit,
            officer_id=officer,
            outcome={"data_provided": self.rng.random() < 0.9},
        )
        self.survey(day, visit, done)
        return done

    def survey(self, day: Day, visit: str, done: datetime) -> None:
        survey = self.new_id()
        self.emit(
            day,
            done + self.minutes(0, 2),
            "SurveyInvited",
            survey,
            survey_id=survey,
            visit_id=visit,
        )
        if self.rng.random() < 0.7:
            scores = {f"U{n}": self.rng.choice(SCORES) for n in range(1, 10)}
            self.emit(
                day,
                done + self.minutes(2, 90),
                "SurveySubmitted",
                survey,
                survey_id=survey,
                visit_id=visit,
                scores=scores,
            )
        if self.rng.random() < 0.03:
            self.complaint(day, visit, done)

    def complaint(self, day: Day, visit: str, at: datetime) -> None:
        complaint = self.new_id()
        channel = self.rng.choice(COMPLAINT_CHANNELS)
        self.emit(
            day,
            at + timedelta(hours=1),
            "ComplaintFiled",
            complaint,
            complaint_id=complaint,
            channel=channel,
            category="waktu_tunggu",
            visit_id=visit,
        )
        self.emit(
            day, at + timedelta(days=1), "ComplaintAcknowledged", complaint, complaint_id=complaint
        )
        if self.rng.random() < 0.8:
            self.emit(
                day,
                at + timedelta(days=self.rng.randint(1, 12)),
                "ComplaintResolved",
                complaint,
                complaint_id=complaint,
            )

    def walk_in(self, day: Day, at: datetime, free: dict[str, datetime]) -> None:
        """Reception, guest book, then the officer free first serves (or the visitor leaves)."""
        visit = self.arrive(day, at, "walk_in")
        self.emit(
            day,
            at + self.minutes(0, 1),
            "IdentityCardDeposited",
            visit,
            visit_id=visit,
            document_type="KTP",
        )
        self.emit(day, at + self.minutes(1, 3), "GuestBookSigned", visit, visit_id=visit)
        officer = min(free, key=lambda name: free[name])
        start = max(at, free[officer]) + self.minutes(3, 14)
        if self.rng.random() < 0.04:
            self.emit(
                day, start, "VisitAbandoned", f"ticket-{visit}", visit_id=visit, reason="left"
            )
            return
        free[officer] = self.consult(day, visit, officer, start, "offline")
        self.emit(
            day, free[officer] + self.minutes(1, 5), "IdentityCardReturned", visit, visit_id=visit
        )

    def online(self, day: Day) -> None:
        """A request any time of day or night, answered at the next opening."""
        at = day.opens + self.minutes(-16 * 60, 9 * 60)
        visit = self.arrive(day, at, self.rng.choice(ONLINE))
        answer = day.calendar.next_opening(at) + self.minutes(0, 9)
        self.consult(day, visit, self.rng.choice(day.officers), answer, "online")

    def office_day(self, office_id: str, calendar: ServiceCalendar, on: date, visits: int) -> Day:
        window = calendar.opening_window(on)
        assert window is not None
        officers = [f"petugas-{office_id}-{n}" for n in range(1, 2 + (int(office_id) % 3))]
        day = Day(office_id, calendar, window[0], window[1], officers, [])
        for officer in officers:
            self.duty(day, officer)
        walk_ins = sum(self.rng.random() < 0.45 for _ in range(visits))
        free = dict.fromkeys(day.officers, day.opens)
        span = (day.closes - day.opens).total_seconds() / 60 - 30
        for at in sorted(day.opens + self.minutes(0, span) for _ in range(walk_ins)):
            self.walk_in(day, at, free)
        for _ in range(visits - walk_ins):
            self.online(day)
        return day


def office_days(year: int, offices: list[str]) -> Iterator[tuple[str, ServiceCalendar, date]]:
    """Every open office-day from 1 January of `year` on, day by day, office by office."""
    calendars = {office: ServiceCalendar(office_settings(office)) for office in offices}
    day = date(year, 1, 1)
    while True:
        for office in offices:
            if calendars[office].is_open_day(day):
                yield office, calendars[office], day
        day += timedelta(days=1)


def open_days_in_year(year: int, offices: list[str]) -> int:
    return sum(1 for _, _, on in takewhile(lambda d: d[2].year == year, office_days(year, offices)))


def generate(
    path: Path, events: int, offices: list[str], year: int = 2026, seed: int = 2026
) -> int:
    """Write `events` lines: about a year of office-days, running on into the next if needed."""
    generator, written = ArchiveGenerator(seed), 0
    visits_per_day = max(1, round(events / open_days_in_year(year, offices) / EVENTS_PER_VISIT))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for office, calendar, on in office_days(year, offices):
            visits = max(0, round(generator.rng.gauss(visits_per_day, visits_per_day / 3)))
            day = generator.office_day(office, calendar, on, visits)
            written += write_day(out, day, generator.rng, events - written)
            if written >= events:
                return written
    raise AssertionError("unreachable: office_days never ends")


def generate_national(
    path: Path, offices: list[str], days: int, year: int = 2026, seed: int = 2026
) -> int:
    """`days` calendar days from 1 January of `offices` at realistic volumes: each office
    its own mean (log-normal, median ~30 visits an open day, 8 to 300), the season of the
    month (SEASON), and each office's own calendar (time zone, holidays)."""
    generator, written = ArchiveGenerator(seed), 0
    rng = generator.rng
    mean = {
        office: 25.0 if office == "3572" else min(300.0, max(8.0, rng.lognormvariate(3.4, 0.7)))
        for office in offices
    }
    end = date(year, 1, 1) + timedelta(days=days)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for office, calendar, on in office_days(year, offices):
            if on >= end:
                return written
            expected = mean[office] * SEASON[on.month]
            visits = max(0, round(rng.gauss(expected, expected / 4)))
            day = generator.office_day(office, calendar, on, visits)
            written += write_day(out, day, rng, 1 << 62)
    raise AssertionError("unreachable: office_days never ends")


def write_day(out: Any, day: Day, rng: random.Random, budget: int) -> int:
    """A day's lines in rough time order (neighbours swapped), some duplicated."""
    lines = [orjson.dumps(event) + b"\n" for _, event in sorted(day.events, key=lambda e: e[0])]
    for index in range(len(lines) - 1):
        if rng.random() < 0.2:
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
    lines += [rng.choice(lines) for _ in range(int(len(lines) * 0.005 + rng.random()))]
    lines = lines[:budget]
    out.writelines(lines)
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--offices", default="east-java", help="east-java or a comma list")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path("var/bench/archive.jsonl"))
    args = parser.parse_args()
    offices = EAST_JAVA if args.offices == "east-java" else args.offices.split(",")
    print(generate(args.out, args.events, offices, args.year))


if __name__ == "__main__":
    main()
