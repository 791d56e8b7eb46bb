"""The reporting read model: facts per visit, survey, complaint and officer.

Facts are plain dataclasses (one could be one SQL row; an officer's instants would be
rows of their own) that only ever move towards "earliest start", "latest completion",
"set of instants", so folding the same events in any order, any number of times, gives
the same facts. Folding lives in `folding.py`; reports read facts in `report.py`.

Instants are POSIX timestamps in seconds (`Instant`, a float): comparing and
subtracting them is what reports do millions of times, and it is exact for the
whole-second and millisecond times events carry. Calendars turn them into local time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Instant = float  # POSIX timestamp, seconds


@dataclass(slots=True)
class VisitFacts:
    """One visit: arrival, first call, first start (and its officer), completion, abandonment."""

    visit_id: str
    channel: str | None = None
    arrived_at: Instant | None = None  # earliest VisitorArrived
    called_at: Instant | None = None  # earliest VisitorCalled
    started_at: Instant | None = None  # earliest ConsultationStarted
    officer_id: str | None = None  # the officer of that earliest start
    completed_at: Instant | None = None  # latest ConsultationCompleted
    abandoned_at: Instant | None = None  # earliest VisitAbandoned
    answered_at: Instant | None = None  # earliest VisitorAnswered (an answer sent, online)
    ticket: str | None = None  # the ticket number of the earliest VisitorQueued ("A-007")
    queued_at: Instant | None = None  # that VisitorQueued

    @property
    def waiting_until(self) -> Instant | None:
        """When the visitor stopped waiting: first call, start, answer sent or abandonment."""
        moments = (self.called_at, self.started_at, self.abandoned_at, self.answered_at)
        ends = [at for at in moments if at is not None]
        return min(ends) if ends else None


@dataclass(slots=True)
class SurveyFacts:
    """One satisfaction survey: the earliest submission of the survey id wins."""

    survey_id: str
    visit_id: str
    submitted_at: Instant
    scores: tuple[int, ...]  # U1..U9


@dataclass(slots=True)
class ComplaintFacts:
    complaint_id: str
    channel: str | None = None
    filed_at: Instant | None = None  # earliest ComplaintFiled
    category: str | None = None
    visit_id: str | None = None
    officer_id: str | None = None
    reference: str | None = None  # the readable reference, when the event carries one
    acknowledged_at: Instant | None = None  # earliest ComplaintAcknowledged
    resolved_at: Instant | None = None  # earliest ComplaintResolved


@dataclass(slots=True)
class Engagement:
    """One officer's part in one visit: from call/start/transfer-in to completion/transfer-out."""

    engaged_at: Instant | None = None  # earliest call, start or transfer to the officer
    completed_at: Instant | None = None  # latest ConsultationCompleted by the officer
    released_at: Instant | None = None  # latest transfer away from the officer


@dataclass(slots=True)
class OfficerFacts:
    """One officer's duty instants and engagements; shifts are derived in `idle.py`."""

    officer_id: str
    signed_on: set[Instant] = field(default_factory=set)
    signed_off: set[Instant] = field(default_factory=set)
    break_started: set[Instant] = field(default_factory=set)
    break_ended: set[Instant] = field(default_factory=set)
    engagements: dict[str, Engagement] = field(default_factory=dict)


@dataclass(slots=True)
class StaffFacts:
    """A staff member's public identity (staff events), by the instant it took effect."""

    staff_id: str
    versions: dict[Instant, tuple[str, str | None]] = field(default_factory=dict)

    @property
    def current(self) -> tuple[str, str | None]:
        """Name and NIP as last recorded (the same whatever order the events came in)."""
        return self.versions[max(self.versions)]


@dataclass(slots=True)
class OfficeFacts:
    """Every fact of one office, plus the ids of the events folded into them."""

    office_id: str
    visits: dict[str, VisitFacts] = field(default_factory=dict)
    surveys: dict[str, SurveyFacts] = field(default_factory=dict)
    complaints: dict[str, ComplaintFacts] = field(default_factory=dict)
    officers: dict[str, OfficerFacts] = field(default_factory=dict)
    staff: dict[str, StaffFacts] = field(default_factory=dict)
    event_ids: set[str] = field(default_factory=set)
    latest_event_at: Instant | None = None

    def visit(self, visit_id: str) -> VisitFacts:
        found = self.visits.get(visit_id)
        if found is None:
            found = self.visits[visit_id] = VisitFacts(visit_id)
        return found

    def officer(self, officer_id: str) -> OfficerFacts:
        found = self.officers.get(officer_id)
        if found is None:
            found = self.officers[officer_id] = OfficerFacts(officer_id)
        return found

    def staff_member(self, staff_id: str) -> StaffFacts:
        found = self.staff.get(staff_id)
        if found is None:
            found = self.staff[staff_id] = StaffFacts(staff_id)
        return found

    def identity(self, officer_id: str) -> tuple[str | None, str | None]:
        """The officer's name and NIP from the staff directory's events (None: unknown)."""
        known = self.staff.get(officer_id)
        return known.current if known is not None and known.versions else (None, None)

    def engagement(self, officer_id: str, visit_id: str) -> Engagement:
        engagements = self.officer(officer_id).engagements
        found = engagements.get(visit_id)
        if found is None:
            found = engagements[visit_id] = Engagement()
        return found

    def complaint(self, complaint_id: str) -> ComplaintFacts:
        found = self.complaints.get(complaint_id)
        if found is None:
            found = self.complaints[complaint_id] = ComplaintFacts(complaint_id)
        return found


def earliest(current: Instant | None, candidate: Instant) -> Instant:
    return candidate if current is None or candidate < current else current


def latest(current: Instant | None, candidate: Instant) -> Instant:
    return candidate if current is None or candidate > current else current
