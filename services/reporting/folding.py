"""Fold integration events into `OfficeFacts`, commutatively and idempotently.

`fold_event` is the one entry point: the archive reader calls it with fields it parsed
itself (fast path), `fold_envelope` with an `events.Envelope` (a live consumer). Each
fold checks the few payload fields it needs, naming the field when it refuses, and
touches the facts only after every check passed. Event types no fold reads are
ignored (tolerant reader); an event id seen before changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from events import IKM_ELEMENTS, Envelope, InvalidEvent
from events.catalogue import COMPLAINT_CHANNELS as COMPLAINT_CHANNEL_NAMES
from events.catalogue import VISIT_CHANNELS as VISIT_CHANNEL_NAMES
from services.reporting.facts import Instant, OfficeFacts, SurveyFacts, earliest, latest

Data = dict[str, Any]
Fold = Callable[[OfficeFacts, Instant, Data], None]
Outcome = Literal["used", "duplicate", "ignored"]

VISIT_CHANNELS = frozenset(VISIT_CHANNEL_NAMES)
SCORES = frozenset({1, 2, 3, 4})
COMPLAINT_CHANNELS = frozenset(COMPLAINT_CHANNEL_NAMES)


def identifier(data: Data, name: str) -> str:
    value = data.get(name)
    if type(value) is str and 0 < len(value) <= 64:
        return value
    if value is None:
        raise InvalidEvent(f"data.{name}", "required field is missing")
    raise InvalidEvent(f"data.{name}", f"must be a string of 1-64 characters, got {value!r}")


def optional_identifier(data: Data, name: str) -> str | None:
    return None if data.get(name) is None else identifier(data, name)


def one_of(data: Data, name: str, allowed: frozenset[str]) -> str:
    value = data.get(name)
    if value in allowed:
        return str(value)
    if value is None:
        raise InvalidEvent(f"data.{name}", "required field is missing")
    raise InvalidEvent(f"data.{name}", f"{value!r} is not one of {', '.join(sorted(allowed))}")


def ikm_scores(data: Data) -> tuple[int, ...]:
    scores = data.get("scores")
    if not isinstance(scores, dict):
        raise InvalidEvent("data.scores", "required: an object with U1..U9")
    values = tuple(map(scores.get, IKM_ELEMENTS))
    if SCORES.issuperset(values) and set(map(type, values)) == {int}:
        return values  # type: ignore[return-value]
    for element, value in zip(IKM_ELEMENTS, values, strict=True):
        if type(value) is not int or not 1 <= value <= 4:
            raise InvalidEvent(f"data.scores.{element}", f"must be an integer 1-4, got {value!r}")
    raise AssertionError("unreachable: some score was out of range")


# --- visits -------------------------------------------------------------------------


def visitor_arrived(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit_id = identifier(data, "visit_id")
    channel = one_of(data, "channel", VISIT_CHANNELS)
    visit = facts.visit(visit_id)
    if visit.arrived_at is None or (at, channel) < (visit.arrived_at, visit.channel or ""):
        visit.arrived_at, visit.channel = at, channel


def visitor_called(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit_id, officer_id = identifier(data, "visit_id"), identifier(data, "officer_id")
    visit = facts.visit(visit_id)
    visit.called_at = earliest(visit.called_at, at)
    engagement = facts.engagement(officer_id, visit_id)
    engagement.engaged_at = earliest(engagement.engaged_at, at)


def consultation_started(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit_id, officer_id = identifier(data, "visit_id"), identifier(data, "officer_id")
    visit = facts.visit(visit_id)
    if visit.started_at is None or (at, officer_id) < (visit.started_at, visit.officer_id or ""):
        visit.started_at, visit.officer_id = at, officer_id
    engagement = facts.engagement(officer_id, visit_id)
    engagement.engaged_at = earliest(engagement.engaged_at, at)


def consultation_completed(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit_id, officer_id = identifier(data, "visit_id"), identifier(data, "officer_id")
    visit = facts.visit(visit_id)
    visit.completed_at = latest(visit.completed_at, at)
    engagement = facts.engagement(officer_id, visit_id)
    engagement.completed_at = latest(engagement.completed_at, at)


def visitor_queued(facts: OfficeFacts, at: Instant, data: Data) -> None:
    """The visit's ticket number (what people see on the dashboard and the drill-down);
    queued again, the earliest ticket stays."""
    visit = facts.visit(identifier(data, "visit_id"))
    ticket = data.get("ticket")
    if not isinstance(ticket, str) or not 0 < len(ticket) <= 64:
        return  # a queue without printed tickets: the visit keeps no number
    if visit.queued_at is None or (at, ticket) < (visit.queued_at, visit.ticket or ""):
        visit.queued_at, visit.ticket = at, ticket


def visitor_answered(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit = facts.visit(identifier(data, "visit_id"))
    visit.answered_at = earliest(visit.answered_at, at)


def visitor_transferred(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit_id = identifier(data, "visit_id")
    giver = identifier(data, "from_officer_id")
    taker = identifier(data, "to_officer_id")
    released = facts.engagement(giver, visit_id)
    released.released_at = latest(released.released_at, at)
    engaged = facts.engagement(taker, visit_id)
    engaged.engaged_at = earliest(engaged.engaged_at, at)


def visit_abandoned(facts: OfficeFacts, at: Instant, data: Data) -> None:
    visit = facts.visit(identifier(data, "visit_id"))
    visit.abandoned_at = earliest(visit.abandoned_at, at)


# --- officers' duty -----------------------------------------------------------------


def duty_fold(attribute: str) -> Fold:
    """A fold adding the event's instant to one of the officer's sets of instants."""

    def fold(facts: OfficeFacts, at: Instant, data: Data) -> None:
        getattr(facts.officer(identifier(data, "officer_id")), attribute).add(at)

    fold.__name__ = f"officer_{attribute}"
    return fold


# --- feedback -----------------------------------------------------------------------


def survey_submitted(facts: OfficeFacts, at: Instant, data: Data) -> None:
    survey_id, visit_id = identifier(data, "survey_id"), identifier(data, "visit_id")
    scores = ikm_scores(data)
    known = facts.surveys.get(survey_id)
    if known is None or (at, visit_id, scores) < (known.submitted_at, known.visit_id, known.scores):
        facts.surveys[survey_id] = SurveyFacts(survey_id, visit_id, at, scores)


def complaint_filed(facts: OfficeFacts, at: Instant, data: Data) -> None:
    complaint_id = identifier(data, "complaint_id")
    channel = one_of(data, "channel", COMPLAINT_CHANNELS)
    category = data.get("category")
    visit_id = optional_identifier(data, "visit_id")
    officer_id = optional_identifier(data, "officer_id")
    complaint = facts.complaint(complaint_id)
    if complaint.filed_at is None or at < complaint.filed_at:
        complaint.filed_at, complaint.channel = at, channel
        complaint.category = category if isinstance(category, str) else None
        complaint.visit_id, complaint.officer_id = visit_id, officer_id
        reference = data.get("reference")
        complaint.reference = reference if isinstance(reference, str) else None


def complaint_acknowledged(facts: OfficeFacts, at: Instant, data: Data) -> None:
    complaint = facts.complaint(identifier(data, "complaint_id"))
    complaint.acknowledged_at = earliest(complaint.acknowledged_at, at)


def complaint_resolved(facts: OfficeFacts, at: Instant, data: Data) -> None:
    complaint = facts.complaint(identifier(data, "complaint_id"))
    complaint.resolved_at = earliest(complaint.resolved_at, at)


# --- staff directory (public identity only: docs/adr/0011) -----------------------------


def staff_particulars(facts: OfficeFacts, at: Instant, data: Data) -> None:
    name = data.get("display_name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidEvent("display_name", "a staff member's name is required")
    nip = data.get("nip")
    member = facts.staff_member(identifier(data, "staff_id"))
    member.versions[at] = (name, nip if isinstance(nip, str) else None)


FOLDS: dict[str, Fold] = {
    "VisitorArrived": visitor_arrived,
    "VisitorCalled": visitor_called,
    "ConsultationStarted": consultation_started,
    "ConsultationCompleted": consultation_completed,
    "VisitorTransferred": visitor_transferred,
    "VisitAbandoned": visit_abandoned,
    "VisitorAnswered": visitor_answered,
    "VisitorQueued": visitor_queued,
    "OfficerSignedOn": duty_fold("signed_on"),
    "OfficerSignedOff": duty_fold("signed_off"),
    "OfficerBreakStarted": duty_fold("break_started"),
    "OfficerBreakEnded": duty_fold("break_ended"),
    "SurveySubmitted": survey_submitted,
    "ComplaintFiled": complaint_filed,
    "ComplaintAcknowledged": complaint_acknowledged,
    "ComplaintResolved": complaint_resolved,
    "StaffMemberRegistered": staff_particulars,
    "StaffMemberChanged": staff_particulars,
}


def fold_event(
    facts: OfficeFacts, event_id: str, event_type: str, occurred_at: Instant, data: Data
) -> Outcome:
    """Fold one event (latest schema version) into the facts; raises InvalidEvent."""
    fold = FOLDS.get(event_type)
    if fold is None:
        return "ignored"
    if event_id in facts.event_ids:
        return "duplicate"
    fold(facts, occurred_at, data)
    facts.event_ids.add(event_id)
    if facts.latest_event_at is None or occurred_at > facts.latest_event_at:
        facts.latest_event_at = occurred_at
    return "used"


def fold_envelope(facts: OfficeFacts, envelope: Envelope) -> Outcome:
    """Fold a decoded (already upcast) envelope of this office."""
    return fold_event(
        facts,
        str(envelope.event_id),
        envelope.event_type,
        envelope.occurred_at.timestamp(),
        envelope.data,
    )
