"""The SLA dashboard of one office: today so far, this month so far, the trend by day.

Pure functions of (facts, calendar, now), built from the report engine's own parts
(`WaitAssessor`, `compliance`, `DutyClock`, IKM), so every figure here means what it
means in the monthly report. What only a live view has:

- waiting now: visitors not yet called, started or abandoned; an offline visitor
  waits until closing time of the day of arrival (then has left, as in `idle.py`), an
  online request until answered;
- their wait so far, `wait_minutes`: business minutes from arrival to now, labelled
  `measure: "since_arrival"`. For an online request that is the standard wait so far
  (the standard measures from arrival), so `standard_wait_minutes` carries it too. For
  an offline visitor the standard wait is not known yet: it restarts when the officer
  who will serve them finished the previous visitor, known only at the start, so it may
  end shorter than the wait since arrival; `standard_wait_minutes` is then null and
  `within_standard` too, so the dashboard never shows a "standard" figure that the
  report contradicts later;
- breaches: served visits of today over the limit (standard wait), and waiting visitors
  whose wait since arrival is already over it (`over_limit`);
- officers now: serving, idle (on duty, nobody engaged), on a break, or off duty.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from events import OFFLINE_CHANNELS
from services.reporting.complaints import complaints_in
from services.reporting.facts import Instant, OfficeFacts, OfficerFacts, VisitFacts
from services.reporting.idle import DutyClock, engaged_spans, pair_up
from services.reporting.ikm import compact, ikm_of
from services.reporting.intervals import Interval, intersect, subtract, union
from services.reporting.periods import Period
from services.reporting.sections import channel_counts, compliance, local_text, rounded
from services.reporting.waits import VisitOutcome, WaitAssessor, visits_in
from standard.calendar import ServiceCalendar

SHOWN = 20  # visits listed per list (longest waits first); the totals count them all


class Waiting(NamedTuple):
    visit: VisitFacts
    minutes: float  # business minutes since arrival
    within: bool  # those minutes are within the channel's limit


def inside(intervals: Iterable[Interval], instant: Instant) -> bool:
    return any(start <= instant < end for start, end in intervals)


def compliance_by_kind(outcomes: Sequence[VisitOutcome]) -> dict[str, Any]:
    return {
        "all": compliance(outcomes),
        "offline": compliance([o for o in outcomes if o.offline]),
        "online": compliance([o for o in outcomes if not o.offline]),
    }


class TodayView:
    """Everything of one office's day so far, as of `now`."""

    def __init__(self, facts: OfficeFacts, calendar: ServiceCalendar, now: datetime) -> None:
        self.facts, self.calendar = facts, calendar
        self.now = now.timestamp()
        self.today = calendar.local_date(now)
        self.assessor = WaitAssessor(facts, calendar)
        self.outcomes = self.assessor.assess(
            visits_in(facts, calendar, Period(self.today, self.today))
        )
        # the day so far, not the whole day
        self.clock = DutyClock(facts, calendar, Period(self.today, self.today), self.now)

    def to_json(self) -> dict[str, Any]:
        waiting = sorted(self.waiting(), key=lambda w: (-w.minutes, w.visit.visit_id))
        breaches, breaches_total = self.breaches(waiting)
        officers = self.officers()
        shown = [self.waiting_row(item) for item in waiting[:SHOWN]]
        return {
            "date": self.today.isoformat(),
            "as_of": self.calendar.to_local(self.now).isoformat(),
            "open": self.calendar.is_open(self.calendar.to_local(self.now)),
            "visitors": sum(channel_counts(self.outcomes).values()),
            "by_channel": channel_counts(self.outcomes),
            "waiting_now": {
                "total": len(waiting),
                "offline": sum(item.visit.channel in OFFLINE_CHANNELS for item in waiting),
                "online": sum(item.visit.channel not in OFFLINE_CHANNELS for item in waiting),
                "visits": shown,
            },
            "longest_current_wait": shown[0] if shown else None,
            "breaches": breaches,
            "breaches_total": breaches_total,
            "compliance": compliance_by_kind(self.outcomes),
            "officers": officers,
            "officers_on_duty": sum(o["status"] in ("serving", "idle") for o in officers),
            "officers_idle": sum(o["status"] == "idle" for o in officers),
        }

    def waiting(self) -> Iterable[Waiting]:
        """Visitors waiting now, with their current standard wait and whether it is within."""
        limit_of, now = self.calendar.settings.wait_limit, self.now
        for visit in self.facts.visits.values():
            arrived, until = visit.arrived_at, visit.waiting_until
            if arrived is None or arrived > now or (until is not None and until <= now):
                continue
            offline = visit.channel in OFFLINE_CHANNELS
            if offline and self.clock.closing_or_midnight(arrived) <= now:
                continue  # an offline visitor has left by closing time
            minutes = self.calendar.business_seconds(arrived, now) / 60
            limit = limit_of(visit.channel or "")
            yield Waiting(visit, minutes, self.assessor.is_within(limit, arrived, now, minutes))

    def waiting_row(self, item: Waiting) -> dict[str, Any]:
        visit = item.visit
        offline = visit.channel in OFFLINE_CHANNELS
        minutes = round(item.minutes, 2)
        return {
            "visit_id": visit.visit_id,
            "ticket": visit.ticket,
            "channel": visit.channel,
            "offline": offline,
            "arrived_at": local_text(visit.arrived_at, self.calendar),
            "measure": "since_arrival",
            "wait_minutes": minutes,
            "standard_wait_minutes": None if offline else minutes,
            "limit": self.calendar.settings.wait_limit(visit.channel or "").model_dump(),
            "over_limit": not item.within,
            "within_standard": None if offline else item.within,
        }

    def breaches(self, waiting: list[Waiting]) -> tuple[list[dict[str, Any]], int]:
        """Served visits of today over the limit, and waiting visitors already over it:
        the SHOWN longest waits, and how many in all."""
        served = [
            {
                "visit_id": o.visit.visit_id,
                "ticket": o.visit.ticket,
                "status": "served",
                "channel": o.visit.channel,
                "officer_id": o.visit.officer_id,
                "arrived_at": local_text(o.visit.arrived_at, self.calendar),
                "wait_from": local_text(o.wait_from, self.calendar),
                "started_at": local_text(o.visit.started_at, self.calendar),
                "measure": "standard",
                "wait_minutes": rounded(o.standard_wait_minutes),
                "standard_wait_minutes": rounded(o.standard_wait_minutes),
            }
            for o in self.outcomes
            if o.served and not o.within_standard
        ]
        over = [item for item in waiting if not item.within]
        still_waiting = [
            {**self.waiting_row(item), "status": "waiting", "officer_id": None}
            for item in over[:SHOWN]
        ]
        rows = sorted(served + still_waiting, key=lambda row: -(row["wait_minutes"] or 0))
        return rows[:SHOWN], len(served) + len(over)

    def officers(self) -> list[dict[str, Any]]:
        served = Counter(o.visit.officer_id for o in self.outcomes if o.served)
        rows = [
            self.officer_row(officer, served[oid]) for oid, officer in self.facts.officers.items()
        ]
        return sorted(
            (row for row in rows if row["status"] != "off" or row["on_duty_minutes"]),
            key=lambda row: row["officer_id"],
        )

    def officer_row(self, officer: OfficerFacts, consultations: int) -> dict[str, Any]:
        shifts = union(
            pair_up(officer.signed_on, officer.signed_off, self.clock.closing_or_midnight)
        )
        breaks = union(pair_up(officer.break_started, officer.break_ended, lambda _: math.inf))
        if inside(subtract(shifts, breaks), self.now):
            status = "serving" if inside(union(engaged_spans(officer)), self.now) else "idle"
        else:
            status = "break" if inside(intersect(shifts, breaks), self.now) else "off"
        figures = self.clock.figures(officer)
        return {
            "officer_id": officer.officer_id,
            "status": status,
            "consultations": consultations,
            "on_duty_minutes": round(figures.on_duty_minutes, 2),
            "engaged_minutes": round(figures.engaged_minutes, 2),
            "idle_while_waiting_minutes": round(figures.idle_while_waiting_minutes, 2),
        }


def month_so_far(facts: OfficeFacts, calendar: ServiceCalendar, now: datetime) -> dict[str, Any]:
    today = calendar.local_date(now)
    period = Period(today.replace(day=1), today)
    outcomes = WaitAssessor(facts, calendar).assess(visits_in(facts, calendar, period))
    start, end = calendar.days_timestamps(period.start, period.end)
    scores = [s.scores for s in facts.surveys.values() if start <= s.submitted_at < end]
    complaints = complaints_in(facts, calendar, period)
    return {
        "period": period.to_json(),
        "visitors": len(outcomes),
        "by_channel": channel_counts(outcomes),
        "compliance": compliance_by_kind(outcomes),
        "ikm": compact(ikm_of(scores)),
        "complaints": {
            "filed": len(complaints),
            "resolved": sum(c.resolved_at is not None for c in complaints),
            "open": sum(c.resolved_at is None for c in complaints),
        },
        "trend": trend_by_day(outcomes, calendar, period),
    }


def trend_by_day(
    outcomes: Sequence[VisitOutcome], calendar: ServiceCalendar, period: Period
) -> list[dict[str, Any]]:
    """One row per date of the period: visitors, served, within standard, compliance."""
    by_day: dict[date, list[VisitOutcome]] = defaultdict(list)
    for outcome in outcomes:
        assert outcome.visit.arrived_at is not None
        by_day[calendar.date_of_timestamp(outcome.visit.arrived_at)].append(outcome)
    rows = []
    for day in period.dates():
        day_outcomes = by_day.get(day, [])
        figures = compliance(day_outcomes)
        rows.append(
            {
                "date": day.isoformat(),
                "open": calendar.is_open_day(day),
                "visitors": len(day_outcomes),
                "served": figures["served"],
                "within_standard": figures["within_standard"],
                "compliance_pct": figures["compliance_pct"],
            }
        )
    return rows
