"""The report's sections, each a pure function of already assessed visits or facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from events import ONLINE_CHANNELS
from events.catalogue import VISIT_CHANNELS
from services.reporting.complaints import ComplaintStatus
from services.reporting.facts import Instant, OfficeFacts
from services.reporting.ikm import grouped_ikm, ikm_of, sample_adequacy
from services.reporting.periods import Period
from services.reporting.statistics import percentage, summary, summary_with_count
from services.reporting.waits import VisitOutcome, visits_in
from standard.calendar import ServiceCalendar


def compliance(outcomes: Sequence[VisitOutcome]) -> dict[str, Any]:
    served = [outcome for outcome in outcomes if outcome.served]
    within = sum(bool(outcome.within_standard) for outcome in served)
    return {
        "served": len(served),
        "abandoned": sum(outcome.abandoned for outcome in outcomes),
        "pending": sum(not outcome.served and not outcome.abandoned for outcome in outcomes),
        "within_standard": within,
        "compliance_pct": percentage(within, len(served)),
        "wait_minutes": summary([o.standard_wait_minutes or 0.0 for o in served]),
    }


def offline_section(outcomes: Sequence[VisitOutcome]) -> dict[str, Any]:
    offline = [outcome for outcome in outcomes if outcome.offline]
    return {"visits": len(offline), **compliance(offline)}


def online_section(outcomes: Sequence[VisitOutcome]) -> dict[str, Any]:
    online = [outcome for outcome in outcomes if not outcome.offline]
    per_channel = {
        channel: {"requests": len(subset), **compliance(subset)}
        for channel in sorted(ONLINE_CHANNELS)
        if (subset := [o for o in online if o.visit.channel == channel])
    }
    sources = Counter(o.first_response for o in online if o.served)
    return {
        "requests": len(online),
        **compliance(online),
        "by_channel": per_channel,
        "first_response": {
            "definition": ONLINE_FIRST_RESPONSE,
            "answer_sent": sources["answer_sent"],
            "consultation_started": sources["consultation_started"],
        },
    }


ONLINE_FIRST_RESPONSE = (
    "the first answer sent to the visitor (VisitorAnswered: accepted by the WhatsApp Cloud "
    "API, the mail server or halopst); where a visit has no answer recorded, its first "
    "ConsultationStarted"
)


def channel_counts(outcomes: Sequence[VisitOutcome]) -> dict[str, int]:
    counts = Counter(outcome.visit.channel for outcome in outcomes)
    return {channel: counts[channel] for channel in VISIT_CHANNELS}


def durations_section(outcomes: Sequence[VisitOutcome]) -> dict[str, Any]:
    """Plain (non-business) minutes: arrival-to-call, call-to-start, service time."""
    section: dict[str, Any] = {}
    for name, offline in (("offline", True), ("online", False)):
        subset = [outcome for outcome in outcomes if outcome.offline is offline]
        section[name] = {
            measure: summary_with_count(
                [value for o in subset if (value := getattr(o, f"{measure}_minutes")) is not None]
            )
            for measure in ("arrival_to_call", "call_to_start", "service")
        }
    return section


def ikm_section(facts: OfficeFacts, calendar: ServiceCalendar, period: Period) -> dict[str, Any]:
    """IKM of the surveys submitted in the period, per channel and officer, and adequacy."""
    start, end = calendar.days_timestamps(period.start, period.end)
    surveys = [s for s in facts.surveys.values() if start <= s.submitted_at < end]
    visits = [facts.visits.get(survey.visit_id) for survey in surveys]
    previous = period.previous()
    population = len(visits_in(facts, calendar, previous))
    return {
        **ikm_of([survey.scores for survey in surveys]),
        "by_channel": grouped_ikm(
            ((visit.channel if visit else None) or "unknown", survey.scores)
            for visit, survey in zip(visits, surveys, strict=True)
        ),
        "by_officer": grouped_ikm(
            ((visit.officer_id if visit else None) or "unknown", survey.scores)
            for visit, survey in zip(visits, surveys, strict=True)
        ),
        "sample": sample_adequacy(len(surveys), population, previous.to_json()),
    }


def calendar_section(calendar: ServiceCalendar, period: Period) -> dict[str, Any]:
    """Open days of the period and the closures other than plain weekly closing days."""
    days = list(period.dates())
    closed = [
        {"date": day.isoformat(), "reason": reason}
        for day in days
        if (reason := calendar.closed_reason(day)) and not reason.startswith("no opening hours")
    ]
    return {"open_days": sum(calendar.is_open_day(day) for day in days), "closed_days": closed}


def local_text(instant: Instant | None, calendar: ServiceCalendar) -> str | None:
    return calendar.to_local(instant).isoformat() if instant is not None else None


def visit_row(outcome: VisitOutcome, calendar: ServiceCalendar) -> dict[str, Any]:
    """One visit for drill-down (XLSX/HTML); times in office-local time."""
    visit = outcome.visit
    status = "served" if outcome.served else "abandoned" if outcome.abandoned else "pending"
    return {
        "visit_id": visit.visit_id,
        "ticket": visit.ticket,
        "channel": visit.channel,
        "status": status,
        "officer_id": visit.officer_id,
        **{
            f"{name}_at": local_text(getattr(visit, f"{name}_at"), calendar)
            for name in ("arrived", "called", "started", "completed", "abandoned")
        },
        "wait_from": local_text(outcome.wait_from, calendar),
        "standard_wait_minutes": rounded(outcome.standard_wait_minutes),
        "within_standard": outcome.within_standard,
        "arrival_to_call_minutes": rounded(outcome.arrival_to_call_minutes),
        "call_to_start_minutes": rounded(outcome.call_to_start_minutes),
        "service_minutes": rounded(outcome.service_minutes),
    }


def complaint_row(status: ComplaintStatus, calendar: ServiceCalendar) -> dict[str, Any]:
    complaint = status.complaint
    return {
        "complaint_id": complaint.complaint_id,
        "reference": complaint.reference,
        "channel": complaint.channel,
        "category": complaint.category,
        "officer_id": complaint.officer_id,
        "filed_at": local_text(complaint.filed_at, calendar),
        "acknowledged_at": local_text(complaint.acknowledged_at, calendar),
        "resolved_at": local_text(complaint.resolved_at, calendar),
        "overdue": status.overdue,
        "response_overdue": status.response_overdue,
        "days_to_resolution": rounded(status.days_to_resolution),
    }


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
