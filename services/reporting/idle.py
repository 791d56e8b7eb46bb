"""Officers' duty time, and their idle time while visitors were waiting.

An officer is on duty from a sign-on to the first sign-off after it (or the next
sign-on, or, when the sign-off is missing, the closing time of that day: a forgotten
sign-off never counts as a day of duty), less breaks. An officer is engaged with a
visit from the first call, start or transfer to them until their last completion or
transfer away (until their next engagement when neither came). A visitor waits from
arrival until the first call, start or abandonment; with none of these, an offline
visitor has left by closing time, an online request keeps waiting. Idle while
waiting = on duty, not engaged, and at least one visitor of the office waiting.

All of it is counted only up to the clock's `as_of` moment: for a period still running
(today, this month) a shift without a sign-off yet, or a visitor still waiting, counts
up to `as_of`, never up to a closing time that has not come.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from events import OFFLINE_CHANNELS
from services.reporting.facts import Instant, OfficeFacts, OfficerFacts
from services.reporting.intervals import Interval, intersect, subtract, total, union
from services.reporting.periods import Period
from standard.calendar import ServiceCalendar


@dataclass(frozen=True, slots=True)
class DutyFigures:
    on_duty_minutes: float
    engaged_minutes: float
    idle_while_waiting_minutes: float


def pair_up(
    starts: Iterable[Instant], stops: Iterable[Instant], cap: Callable[[Instant], Instant]
) -> list[Interval]:
    """Each start runs to the first stop after it; without one before the next start, to
    the next start or cap(start), whichever is first."""
    begins, ends = sorted(starts), sorted(stops)
    pairs: list[Interval] = []
    j = 0
    for index, begin in enumerate(begins):
        while j < len(ends) and ends[j] <= begin:
            j += 1
        following = begins[index + 1] if index + 1 < len(begins) else math.inf
        signed_off = j < len(ends) and ends[j] <= following
        pairs.append((begin, ends[j] if signed_off else min(following, cap(begin))))
    return pairs


class DutyClock:
    """Duty, engagement and waiting time of one office, clipped to one period."""

    def __init__(
        self,
        facts: OfficeFacts,
        calendar: ServiceCalendar,
        period: Period,
        as_of: Instant | None = None,
    ) -> None:
        self.calendar = calendar
        start, end = calendar.days_timestamps(period.start, period.end)
        if as_of is not None:
            end = max(start, min(end, as_of))
        self.window = [(start, end)]
        self.waiting = intersect(union(self.waiting_spans(facts)), self.window)

    def closing_or_midnight(self, instant: Instant) -> Instant:
        """Closing time of the instant's day if still ahead, else the following midnight."""
        day = self.calendar.date_of_timestamp(instant)
        window = self.calendar.window_timestamps(day)
        if window is not None and window[1] > instant:
            return window[1]
        return self.calendar.days_timestamps(day, day)[1]

    def waiting_spans(self, facts: OfficeFacts) -> Iterable[Interval]:
        for visit in facts.visits.values():
            if visit.arrived_at is None:
                continue
            arrived, until = visit.arrived_at, visit.waiting_until
            if until is not None:
                yield arrived, until
            elif visit.channel in OFFLINE_CHANNELS:
                yield arrived, self.closing_or_midnight(arrived)
            else:
                yield arrived, math.inf

    def figures(self, officer: OfficerFacts) -> DutyFigures:
        shifts = union(pair_up(officer.signed_on, officer.signed_off, self.closing_or_midnight))
        breaks = union(pair_up(officer.break_started, officer.break_ended, lambda _: math.inf))
        duty = intersect(subtract(shifts, breaks), self.window)
        engaged = intersect(union(engaged_spans(officer)), self.window)
        free = subtract(duty, engaged)
        return DutyFigures(
            on_duty_minutes=total(duty) / 60,
            engaged_minutes=total(intersect(duty, engaged)) / 60,
            idle_while_waiting_minutes=total(intersect(free, self.waiting)) / 60,
        )


def engaged_spans(officer: OfficerFacts) -> list[Interval]:
    """[engaged, released) per visit; an engagement never released runs to the next one."""
    spans: list[tuple[Instant, Instant | None]] = []
    for engagement in officer.engagements.values():
        if engagement.engaged_at is None:
            continue
        ends = [at for at in (engagement.completed_at, engagement.released_at) if at is not None]
        spans.append((engagement.engaged_at, max(ends) if ends else None))
    spans.sort(key=lambda span: span[0])
    closed: list[Interval] = []
    for index, (start, end) in enumerate(spans):
        following = spans[index + 1][0] if index + 1 < len(spans) else math.inf
        closed.append((start, following if end is None else end))
    return closed
