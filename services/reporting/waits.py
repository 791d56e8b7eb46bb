"""Each visit of a period measured against the waiting-time standard.

Offline (`walk_in`): standard wait = business time from max(arrival, P) to the first
start S, where P is the latest completion by S's officer at or before S. Online: the
business time from arrival to the first response, which is the first answer actually
sent to the visitor (`VisitorAnswered`: handed over to WhatsApp, the mail server or
halopst); for a visit with no answer recorded (history from before the hub sent
answers) the first start. Within standard when the wait is at most
the channel's limit (business minutes), or when S is before the deadline of a limit
set in working days. Plain (non-business) durations are measured too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from events import OFFLINE_CHANNELS
from services.reporting.facts import Instant, OfficeFacts, VisitFacts
from services.reporting.periods import Period
from standard.calendar import ServiceCalendar
from standard.office import WaitLimit


@dataclass(slots=True)  # not frozen: a frozen __init__ costs microseconds per visit
class VisitOutcome:
    """A visit of the period with its standard wait and plain durations (minutes)."""

    visit: VisitFacts
    offline: bool
    served: bool
    abandoned: bool  # ended with VisitAbandoned and no start
    wait_from: Instant | None = None  # max(A, P) offline, A online; served visits only
    standard_wait_minutes: float | None = None
    within_standard: bool | None = None
    arrival_to_call_minutes: float | None = None
    call_to_start_minutes: float | None = None
    service_minutes: float | None = None
    first_response: str | None = None  # online: "answer_sent" or "consultation_started"


def completion_index(facts: OfficeFacts) -> dict[str, list[Instant]]:
    """Each officer's completion instants (any visit, any channel), sorted."""
    return {
        officer_id: sorted(
            engagement.completed_at
            for engagement in officer.engagements.values()
            if engagement.completed_at is not None
        )
        for officer_id, officer in facts.officers.items()
    }


def visits_in(facts: OfficeFacts, calendar: ServiceCalendar, period: Period) -> list[VisitFacts]:
    """Visits whose arrival falls on an office-local date of the period, by arrival."""
    start, end = calendar.days_timestamps(period.start, period.end)
    found = [
        visit
        for visit in facts.visits.values()
        if visit.arrived_at is not None and start <= visit.arrived_at < end
    ]
    found.sort(key=lambda visit: (visit.arrived_at, visit.visit_id))
    return found


def first_response(visit: VisitFacts) -> Instant | None:
    """Online: the first answer sent; the first start only where no answer was recorded."""
    return visit.answered_at if visit.answered_at is not None else visit.started_at


def minutes_between(start: Instant | None, end: Instant | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start) / 60)


class WaitAssessor:
    """Measures visits of one office; build once per report (it indexes completions)."""

    def __init__(self, facts: OfficeFacts, calendar: ServiceCalendar) -> None:
        self.calendar = calendar
        self.settings = calendar.settings
        self.completions = completion_index(facts)

    def assess(self, visits: Iterable[VisitFacts]) -> list[VisitOutcome]:
        return [self.assess_visit(visit) for visit in visits]

    def assess_visit(self, visit: VisitFacts) -> VisitOutcome:
        assert visit.arrived_at is not None and visit.channel is not None
        offline = visit.channel in OFFLINE_CHANNELS
        durations = (
            minutes_between(visit.arrived_at, visit.called_at),
            minutes_between(visit.called_at, visit.started_at),
            minutes_between(visit.started_at, visit.completed_at),
        )
        response = visit.started_at if offline else first_response(visit)
        if response is None:
            abandoned = visit.abandoned_at is not None
            return VisitOutcome(visit, offline, False, abandoned, None, None, None, *durations)
        wait_from = self.offline_wait_from(visit) if offline else visit.arrived_at
        minutes = self.calendar.business_seconds(wait_from, response) / 60
        limit = self.settings.wait_limit(visit.channel)
        within = self.is_within(limit, wait_from, response, minutes)
        outcome = VisitOutcome(visit, offline, True, False, wait_from, minutes, within, *durations)
        if not offline:
            answered = visit.answered_at is not None
            outcome.first_response = "answer_sent" if answered else "consultation_started"
        return outcome

    def offline_wait_from(self, visit: VisitFacts) -> Instant:
        """max(A, P): the wait restarts when the officer finished the previous visitor."""
        assert visit.arrived_at is not None and visit.started_at is not None
        finished = self.completions.get(visit.officer_id or "", [])
        position = bisect_right(finished, visit.started_at)
        if position == 0:
            return visit.arrived_at
        return max(visit.arrived_at, finished[position - 1])

    def is_within(
        self, limit: WaitLimit, wait_from: Instant, start: Instant, minutes: float
    ) -> bool:
        if limit.unit == "business_minutes":
            return minutes <= limit.amount
        deadline = self.calendar.deadline(self.calendar.to_local(wait_from), int(limit.amount))
        return start <= deadline.timestamp()
