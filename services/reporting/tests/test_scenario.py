"""A hand-checked day at Blitar (Monday 16 March 2026), with every figure worked out below.

Officers: ani on 07:50-15:40 with a break 12:00-12:30; budi on from 08:00 and forgets to
sign off (his shift ends at closing, 15:30).

| visit | channel  | arrived       | called | started     | done  | standard wait              |
| w1    | walk_in  | 07:45         | 07:58  | 08:00 ani   | 08:30 | 0 (before opening)  within |
| w2    | walk_in  | 08:10         | 08:40  | 08:42 ani   | 09:00 | 08:30 (P) -> 08:42 = 12    |
| w3    | walk_in  | 08:20         | -      | 08:25 budi  | 08:55 | 5                   within |
| w4    | walk_in  | 11:50         | -      | left 12:20  |       | abandoned                  |
| w5    | walk_in  | 15:20         | -      | 15:35 ani   | 15:50 | 15:20-15:30 = 10    within |
| h1    | halopst  | Sat 14, 10:00 | -      | 09:00 budi  | 09:20 | 60                         |
| e1    | email    | 08:56         | -      | 09:21 budi  | 09:31 | 25                         |
| wa1   | whatsapp | 10:00         | -      | 10:02 ani   | 10:12 | 2                   within |
| wa2   | whatsapp | 16:00         | -      | -           |       | pending                    |
"""

from datetime import date

import pytest

from services.reporting.periods import parse_period
from services.reporting.report import report
from services.reporting.tests.builders import arrived, event, fold_all, served, survey, wib
from standard.office import BLITAR, WaitLimit


def duty(officer: str, on, off=None, pause=None):
    found = [event("OfficerSignedOn", on, officer_id=officer, desk="1")]
    if off:
        found.append(event("OfficerSignedOff", off, officer_id=officer))
    if pause:
        found += [
            event("OfficerBreakStarted", pause[0], officer_id=officer),
            event("OfficerBreakEnded", pause[1], officer_id=officer),
        ]
    return found


def called(visit_id, officer, at):
    return event("VisitorCalled", at, visit_id=visit_id, officer_id=officer)


def complaint(complaint_id, at, channel, **extra):
    return event("ComplaintFiled", at, complaint_id=complaint_id, channel=channel, **extra)


EVENTS = [
    *duty("ani", wib(16, 7, 50), wib(16, 15, 40), (wib(16, 12), wib(16, 12, 30))),
    *duty("budi", wib(16, 8)),
    arrived("w1", wib(16, 7, 45)),
    called("w1", "ani", wib(16, 7, 58)),
    *served("w1", "ani", wib(16, 8), wib(16, 8, 30)),
    arrived("w2", wib(16, 8, 10)),
    called("w2", "ani", wib(16, 8, 40)),
    *served("w2", "ani", wib(16, 8, 42), wib(16, 9)),
    arrived("w3", wib(16, 8, 20)),
    *served("w3", "budi", wib(16, 8, 25), wib(16, 8, 55)),
    arrived("w4", wib(16, 11, 50)),
    event("VisitAbandoned", wib(16, 12, 20), visit_id="w4"),
    arrived("w5", wib(16, 15, 20)),
    *served("w5", "ani", wib(16, 15, 35), wib(16, 15, 50)),
    arrived("h1", wib(14, 10), "halopst"),
    *served("h1", "budi", wib(16, 9), wib(16, 9, 20)),
    arrived("e1", wib(16, 8, 56), "email"),
    *served("e1", "budi", wib(16, 9, 21), wib(16, 9, 31)),
    arrived("wa1", wib(16, 10), "whatsapp"),
    *served("wa1", "ani", wib(16, 10, 2), wib(16, 10, 12)),
    arrived("wa2", wib(16, 16), "whatsapp"),
    arrived("next-month", wib(1, 9, month=4)),
    *(arrived(f"feb{n}", wib(10 + n, 9, month=2)) for n in range(3)),
    survey("s1", "w1", wib(16, 8, 35), 4),
    survey("s2", "w2", wib(16, 9, 5), 2, 2, 2, 2, 2, 2, 2, 2, 1),
    survey("s3", "h1", wib(16, 9, 25), 3),
    survey("s4", "wa1", wib(1, 8, month=4), 4),
    complaint("k1", wib(16, 10), "whatsapp", officer_id="budi"),
    event("ComplaintAcknowledged", wib(17, 9), complaint_id="k1"),
    event("ComplaintResolved", wib(30, 10), complaint_id="k1"),
    complaint("k2", wib(17, 11), "website"),
    event("ComplaintResolved", wib(2, 9, month=4), complaint_id="k2"),
    complaint("k3", wib(27, 14), "lapor"),
]


@pytest.fixture(scope="module")
def march():
    return report(fold_all(EVENTS), BLITAR, parse_period("2026-03"))


def test_offline_waits_restart_when_the_officer_finishes(march):
    assert march["offline"] == {
        "visits": 5,
        "served": 4,
        "abandoned": 1,
        "pending": 0,
        "within_standard": 3,
        "compliance_pct": 75.0,
        "wait_minutes": {"mean": 6.75, "median": 7.5, "p90": 11.4, "max": 12.0},
    }


def test_online_waits_count_only_business_time(march):
    skipped = ("by_channel", "first_response")
    online = {key: march["online"][key] for key in march["online"] if key not in skipped}
    assert online == {
        "requests": 4,
        "served": 3,
        "abandoned": 0,
        "pending": 1,
        "within_standard": 1,
        "compliance_pct": 33.33,
        "wait_minutes": {"mean": 29.0, "median": 25.0, "p90": 53.0, "max": 60.0},
    }
    assert march["online"]["by_channel"]["whatsapp"]["requests"] == 2
    # history without answers sent: the first start stands in, and the report says so
    assert march["online"]["first_response"]["consultation_started"] == 3
    assert march["online"]["first_response"]["answer_sent"] == 0


def test_visits_count_per_channel_and_april_is_outside_march(march):
    assert march["by_channel"] == {"walk_in": 5, "halopst": 1, "whatsapp": 2, "email": 1}


def test_plain_durations_are_measured_from_the_call(march):
    offline = march["durations"]["offline"]
    assert offline["arrival_to_call"] == {
        "count": 2,
        "mean": 21.5,
        "median": 21.5,
        "p90": 28.3,
        "max": 30.0,
    }
    assert offline["call_to_start"]["mean"] == 2.0
    assert offline["service"]["mean"] == (30 + 18 + 30 + 15) / 4


def test_ikm_of_the_surveys_submitted_in_the_period(march):
    ikm = march["ikm"]
    assert (ikm["responses"], ikm["score"], ikm["category"]) == (3, 74.07, "C")
    assert ikm["elements"]["U1"] == 3.0 and ikm["elements"]["U9"] == 2.67
    assert ikm["weakest_element"] == {"element": "U9", "nrr": 2.67}
    assert ikm["by_channel"] == {
        "halopst": {"responses": 1, "score": 75.0, "category": "C"},
        "walk_in": {"responses": 2, "score": 73.61, "category": "C"},
    }
    assert ikm["by_officer"]["ani"]["score"] == 73.61


def test_sample_adequacy_uses_the_previous_months_visits(march):
    assert march["ikm"]["sample"] == {
        "population": 3,
        "population_period": {"start": "2026-02-01", "end": "2026-02-28"},
        "minimum_sample": 3,
        "responses": 3,
        "adequate": True,
    }


def test_complaint_deadlines_in_working_days(march):
    complaints = march["complaints"]
    assert {
        key: complaints[key]
        for key in ("filed", "resolved", "open", "overdue", "response_overdue", "by_channel")
    } == {
        "filed": 3,
        "resolved": 2,
        "open": 1,
        "overdue": 1,
        "response_overdue": 2,
        "by_channel": {"lapor": 1, "website": 1, "whatsapp": 1},
    }
    assert complaints["median_days_to_resolution"] == 14.96
    assert complaints["median_working_days_to_resolution"] == 6.0
    assert complaints["as_of"] == "2026-04-02T09:00:00+07:00"


def officer(march, officer_id):
    return next(row for row in march["officers"] if row["officer_id"] == officer_id)


def test_officer_evaluation(march):
    ani, budi = officer(march, "ani"), officer(march, "budi")
    assert (ani["consultations"], ani["within_standard"], ani["compliance_pct"]) == (4, 3, 75.0)
    assert ani["mean_duration_minutes"] == 18.25
    assert ani["ikm"] == {"responses": 3, "score": 82.41, "category": "B"}  # s4 is of ani's visit
    assert (budi["consultations"], budi["within_standard"], budi["compliance_pct"]) == (3, 1, 33.33)
    assert (budi["mean_duration_minutes"], budi["complaints"]) == (20.0, 1)


def test_idle_time_while_visitors_waited(march):
    ani, budi = officer(march, "ani"), officer(march, "budi")
    assert (ani["on_duty_minutes"], ani["engaged_minutes"]) == (440.0, 67.0)
    assert ani["idle_while_waiting_minutes"] == 66.0
    assert (budi["on_duty_minutes"], budi["engaged_minutes"]) == (450.0, 60.0)
    assert budi["idle_while_waiting_minutes"] == 73.0


def test_an_office_may_set_an_online_limit_in_working_days():
    settings = BLITAR.model_copy(
        update={"online_wait_limits": {"halopst": WaitLimit(amount=3, unit="working_days")}}
    )
    found = report(fold_all(EVENTS), settings, parse_period("2026-03-14..2026-03-16"))
    assert found["online"]["by_channel"]["halopst"]["within_standard"] == 1


def test_a_period_without_events_reports_nulls_not_errors():
    empty = report(fold_all([]), BLITAR, parse_period("2025"))
    assert empty["offline"]["compliance_pct"] is None
    assert empty["offline"]["wait_minutes"] == {
        "mean": None,
        "median": None,
        "p90": None,
        "max": None,
    }
    assert empty["ikm"]["score"] is None and empty["officers"] == []
    assert empty["provenance"]["events"] == 0


def test_rows_for_drill_down_are_in_office_local_time(march):
    rows = report(fold_all(EVENTS), BLITAR, parse_period("2026-03"), include_rows=True)
    first = rows["visit_rows"][0]
    assert (first["visit_id"], first["arrived_at"]) == ("h1", "2026-03-14T10:00:00+07:00")
    assert first["standard_wait_minutes"] == 60.0 and first["within_standard"] is False
    assert [row["complaint_id"] for row in rows["complaint_rows"]] == ["k1", "k2", "k3"]
    assert date.fromisoformat(rows["complaint_rows"][2]["filed_at"][:10]) == date(2026, 3, 27)


def test_online_wait_ends_at_the_first_answer_sent_not_at_the_start():
    history = [
        arrived("wa-1", wib(17, 9, 0), channel="whatsapp"),
        *served("wa-1", "ani", wib(17, 9, 2), wib(17, 9, 30)),  # opened at once...
        event("VisitorAnswered", wib(17, 9, 20), visit_id="wa-1", channel="whatsapp"),
        event("VisitorAnswered", wib(17, 9, 25), visit_id="wa-1", channel="whatsapp"),
    ]
    found = report(fold_all(history), BLITAR, parse_period("2026-03"))
    online = found["online"]  # ...but the visitor received an answer 20 minutes later
    assert online["wait_minutes"]["max"] == 20.0 and online["within_standard"] == 0
    assert online["first_response"]["answer_sent"] == 1
    assert "first answer sent" in online["first_response"]["definition"]
