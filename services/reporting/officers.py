"""The officers' evaluation (SERVICE-STANDARD.md, "Officer evaluation").

Per officer, over the served visits of the period (officer = the one who started the
consultation): consultations, within standard, compliance %, mean service minutes, the
IKM of the surveys of those visits, complaints of the period that name the officer, and
duty figures (on duty, engaged, idle while visitors waited).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from services.reporting.complaints import ComplaintStatus
from services.reporting.facts import OfficeFacts
from services.reporting.idle import DutyClock, DutyFigures
from services.reporting.ikm import compact, ikm_of
from services.reporting.statistics import mean_or_none, percentage
from services.reporting.waits import VisitOutcome

NO_DUTY = DutyFigures(0.0, 0.0, 0.0)


def surveys_by_visit(facts: OfficeFacts) -> dict[str, list[tuple[int, ...]]]:
    found: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for survey in facts.surveys.values():
        found[survey.visit_id].append(survey.scores)
    return found


def officer_evaluation(
    facts: OfficeFacts,
    outcomes: Sequence[VisitOutcome],
    complaints: Sequence[ComplaintStatus],
    clock: DutyClock,
) -> list[dict[str, Any]]:
    """One row per officer who served, was on duty or was named in a complaint."""
    served: dict[str, list[VisitOutcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.visit.officer_id is not None:
            served[outcome.visit.officer_id].append(outcome)
    named = Counter(s.complaint.officer_id for s in complaints if s.complaint.officer_id)
    duty = {oid: clock.figures(officer) for oid, officer in facts.officers.items()}
    surveys = surveys_by_visit(facts)
    officer_ids = set(served) | set(named) | {oid for oid, f in duty.items() if f.on_duty_minutes}
    rows = []
    for oid in sorted(officer_ids):
        name, nip = facts.identity(oid)  # from the staff directory's events, also in archives
        row = officer_row(oid, served.get(oid, []), surveys, named[oid], duty.get(oid, NO_DUTY))
        rows.append({"officer_id": oid, "officer_name": name, "officer_nip": nip, **row})
    return rows


def officer_row(
    officer_id: str,
    visits: list[VisitOutcome],
    surveys: dict[str, list[tuple[int, ...]]],
    complaints: int,
    duty: DutyFigures,
) -> dict[str, Any]:
    within = sum(bool(outcome.within_standard) for outcome in visits)
    durations = [o.service_minutes for o in visits if o.service_minutes is not None]
    scores = [row for o in visits for row in surveys.get(o.visit.visit_id, ())]
    return {
        "officer_id": officer_id,
        "consultations": len(visits),
        "offline_consultations": sum(outcome.offline for outcome in visits),
        "online_consultations": sum(not outcome.offline for outcome in visits),
        "within_standard": within,
        "compliance_pct": percentage(within, len(visits)),
        "mean_duration_minutes": mean_or_none(durations),
        "ikm": compact(ikm_of(scores)),
        "complaints": complaints,
        "on_duty_minutes": round(duty.on_duty_minutes, 2),
        "engaged_minutes": round(duty.engaged_minutes, 2),
        "idle_while_waiting_minutes": round(duty.idle_while_waiting_minutes, 2),
    }
