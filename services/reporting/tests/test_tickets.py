"""Ticket numbers: the queue's VisitorQueued names a visit's ticket, and every row people
read (the dashboard's waits and breaches, the report's drill-down) carries it."""

from __future__ import annotations

from services.reporting.dashboard import TodayView
from services.reporting.periods import parse_period
from services.reporting.report import report
from services.reporting.tests.builders import arrived, event, fold_all, served, wib
from standard.calendar import ServiceCalendar
from standard.office import BLITAR


def queued(visit_id: str, ticket: str, hour: int, minute: int) -> dict[str, object]:
    return event(
        "VisitorQueued", wib(17, hour, minute), visit_id=visit_id, queue="offline", ticket=ticket
    )


def test_the_earliest_ticket_of_a_visit_stays_in_any_order() -> None:
    first, again = queued("v1", "A-007", 8, 1), queued("v1", "A-019", 9, 30)
    for events in ([first, again], [again, first]):
        visit = fold_all(events).visits["v1"]
        assert (visit.ticket, visit.queued_at) == ("A-007", wib(17, 8, 1).timestamp())
    unticketed = event("VisitorQueued", wib(17, 8), visit_id="v2", queue="online")
    assert fold_all([unticketed]).visits["v2"].ticket is None


def test_dashboard_rows_and_the_drill_down_name_the_ticket() -> None:
    events = [
        arrived("w1", wib(17, 8)),
        queued("w1", "A-001", 8, 0),
        *served("w1", "ani", wib(17, 9), wib(17, 9, 20)),  # an hour's wait: a breach
        arrived("w2", wib(17, 9, 30)),
        queued("w2", "A-002", 9, 30),
    ]
    facts = fold_all(events)
    today = TodayView(facts, ServiceCalendar(BLITAR), wib(17, 10, 30)).to_json()
    assert today["longest_current_wait"]["ticket"] == "A-002"
    assert {(row["ticket"], row["status"]) for row in today["breaches"]} == {
        ("A-002", "waiting"),
        ("A-001", "served"),
    }
    rows = report(facts, BLITAR, parse_period("2026-03"), include_rows=True)
    assert {row["visit_id"]: row["ticket"] for row in rows["visit_rows"]} == {
        "w1": "A-001",
        "w2": "A-002",
    }
