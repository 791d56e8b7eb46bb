"""A report asked for at 10:00 on a day still running (Blitar, Monday 16 March 2026,
open 08:00-15:30), every figure worked out by hand below, not by the code.

Officers: ani signs on 08:10; budi signs on 08:00 with a break 09:00-09:15. Neither has
signed off by 10:00 (the day is still running, not forgotten).

| visit | channel | arrived | called    | started    | done  | waiting (plain)        |
| v1    | walk_in | 08:05   | 08:20 ani | 08:22 ani  | 08:40 | 08:05-08:20            |
| v2    | walk_in | 08:30   | -         | 08:35 budi | 08:50 | 08:30-08:35            |
| o1    | email   | 08:50   | -         | 09:40 ani  | -     | 08:50-09:40            |
| v3    | walk_in | 09:30   | -         | -          | -     | 09:30- (still waiting) |

Someone waits (union): 08:05-08:20, 08:30-08:35, 08:50-10:00 (o1 then v3), up to 10:00.

ani, up to 10:00: on duty 08:10-10:00 = 110 min. Engaged 08:20-08:40 (v1, from the call)
and 09:40-10:00 (o1, not completed yet) = 20 + 20 = 40. Free 08:10-08:20 and 08:40-09:40;
while someone waited: 08:10-08:20 (10) + 08:50-09:40 (50) = 60.

budi, up to 10:00: on duty 08:00-09:00 and 09:15-10:00 = 60 + 45 = 105. Engaged
08:35-08:50 (v2) = 15. Free 08:00-08:35, 08:50-09:00, 09:15-10:00; while someone waited:
08:05-08:20 (15) + 08:30-08:35 (5) + 08:50-09:00 (10) + 09:15-10:00 (45) = 75.

Counted up to closing (15:30) instead, as before the fix, ani would show 440 minutes on
duty and budi 435, and both hours of idle time that has not happened yet.

Standard waits: v1 offline, ani finished nobody before 08:22, from arrival 08:05 to
08:22 = 17 business minutes (over the 10-minute limit); v2 08:30-08:35 = 5 (within);
o1 online, 08:50-09:40 = 50 (over the 5-minute limit). v3 is pending.

Dashboard at 10:00: v3 has waited 30 minutes since arrival; the standard wait of an
offline visitor is not known before the start, so it is labelled as the wait since
arrival and carries no standard figure.
"""

import pytest

from services.reporting.dashboard import TodayView
from services.reporting.periods import parse_period
from services.reporting.renderers import render
from services.reporting.report import report
from services.reporting.tests.builders import arrived, event, fold_all, served, wib
from services.reporting.tests.pdf import pdf_text
from standard.calendar import ServiceCalendar
from standard.office import BLITAR

AS_OF = wib(16, 10)

EVENTS = [
    event("OfficerSignedOn", wib(16, 8, 10), officer_id="ani", desk="1"),
    event("OfficerSignedOn", wib(16, 8), officer_id="budi", desk="2"),
    event("OfficerBreakStarted", wib(16, 9), officer_id="budi"),
    event("OfficerBreakEnded", wib(16, 9, 15), officer_id="budi"),
    arrived("v1", wib(16, 8, 5)),
    event("VisitorCalled", wib(16, 8, 20), visit_id="v1", officer_id="ani"),
    *served("v1", "ani", wib(16, 8, 22), wib(16, 8, 40)),
    arrived("v2", wib(16, 8, 30)),
    *served("v2", "budi", wib(16, 8, 35), wib(16, 8, 50)),
    arrived("o1", wib(16, 8, 50), "email"),
    event("ConsultationStarted", wib(16, 9, 40), visit_id="o1", officer_id="ani"),
    arrived("v3", wib(16, 9, 30)),
]


def officers(found: dict) -> dict[str, dict]:
    return {row["officer_id"]: row for row in found["officers"]}


@pytest.fixture(scope="module", params=["2026-03-16", "2026-03", "2026"])
def midday(request) -> dict:
    """The same figures whether the running period is the day, the month or the year."""
    text = request.param if len(request.param) != 10 else f"{request.param}..{request.param}"
    return report(fold_all(EVENTS), BLITAR, parse_period(text), as_of=AS_OF.timestamp())


def test_on_duty_and_idle_minutes_count_only_up_to_the_as_of_moment(midday):
    ani, budi = officers(midday)["ani"], officers(midday)["budi"]
    assert (ani["on_duty_minutes"], ani["engaged_minutes"]) == (110.0, 40.0)
    assert ani["idle_while_waiting_minutes"] == 60.0
    assert (budi["on_duty_minutes"], budi["engaged_minutes"]) == (105.0, 15.0)
    assert budi["idle_while_waiting_minutes"] == 75.0


def test_the_report_states_its_as_of_moment_and_that_the_period_is_still_running(midday):
    assert midday["as_of"] == "2026-03-16T10:00:00+07:00"
    assert midday["complete"] is False


def test_mid_day_standard_waits(midday):
    assert midday["offline"]["served"] == 2 and midday["offline"]["pending"] == 1
    assert midday["offline"]["within_standard"] == 1  # v2 (5); v1 waited 17
    assert midday["offline"]["wait_minutes"]["max"] == 17.0
    assert midday["online"]["wait_minutes"]["max"] == 50.0
    assert midday["online"]["within_standard"] == 0


def test_without_an_as_of_the_report_holds_as_of_its_last_event():
    found = report(fold_all(EVENTS), BLITAR, parse_period("2026-03"))
    assert found["as_of"] == "2026-03-16T09:40:00+07:00"  # o1's start
    ani = officers(found)["ani"]
    assert (ani["on_duty_minutes"], ani["engaged_minutes"]) == (90.0, 20.0)


def test_a_finished_day_counts_a_missing_sign_off_up_to_closing_time():
    """Asked the next morning, the same history counts the day up to 15:30 closing."""
    found = report(
        fold_all(EVENTS),
        BLITAR,
        parse_period("2026-03-16..2026-03-16"),
        as_of=wib(17, 8).timestamp(),
    )
    assert found["complete"] is True
    assert officers(found)["ani"]["on_duty_minutes"] == 440.0  # 08:10-15:30
    assert officers(found)["budi"]["on_duty_minutes"] == 435.0  # 08:00-15:30 less 15


def test_the_dashboard_agrees_with_the_report_and_labels_the_wait_since_arrival():
    today = TodayView(fold_all(EVENTS), ServiceCalendar(BLITAR), AS_OF).to_json()
    rows = {row["officer_id"]: row for row in today["officers"]}
    assert rows["ani"]["on_duty_minutes"] == 110.0
    assert rows["ani"]["idle_while_waiting_minutes"] == 60.0
    assert rows["budi"]["idle_while_waiting_minutes"] == 75.0
    longest = today["longest_current_wait"]
    assert longest["visit_id"] == "v3" and longest["measure"] == "since_arrival"
    assert longest["wait_minutes"] == 30.0 and longest["over_limit"] is True
    assert longest["standard_wait_minutes"] is None and longest["within_standard"] is None


def test_an_online_request_waiting_now_carries_its_standard_wait_so_far():
    events = [arrived("o2", wib(16, 9, 52), "whatsapp")]
    today = TodayView(fold_all(events), ServiceCalendar(BLITAR), AS_OF).to_json()
    longest = today["longest_current_wait"]
    assert (longest["wait_minutes"], longest["standard_wait_minutes"]) == (8.0, 8.0)
    assert longest["within_standard"] is False


def test_the_pdf_and_html_state_the_as_of_moment(midday):
    stated = "Keadaan per 16 Maret 2026 pukul 10.00 WIB; periode masih berjalan"
    assert stated in render(midday, "html").decode()
    assert stated in pdf_text(render(midday, "pdf"))
