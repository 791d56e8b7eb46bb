"""The SLA dashboard API on a hand-checked morning at Blitar (Tuesday 17 March 2026, 10:00).

| who  | what                                                                          |
| ani  | on 07:50; w1 called 08:02, started 08:03, done 08:20; w2 started 08:40, done 09:00 |
| budi | on 08:00; w4 called 09:45, started 09:46, still serving                       |
| citra| on 08:00; break from 09:50                                                    |
| dodi | on 08:00, off 09:00                                                           |

| visit | channel  | arrived       | standard wait at 10:00                         |
| w1    | walk_in  | 08:00         | 3 (served, within)                             |
| w2    | walk_in  | 08:10         | 08:20 (ani's previous) -> 08:40 = 20: breach   |
| w3    | walk_in  | 09:30         | waiting 30: breach                             |
| w4    | walk_in  | 09:40         | 6 (served, within)                             |
| wa1   | whatsapp | 09:58         | waiting 2                                      |
| e1    | email    | Sat 14, 10:00 | waiting: Mon 450 + Tue 120 = 570: breach       |
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.runtime import Ports
from infra.security import Role
from services.reporting.live import LiveReporting
from services.reporting.tests.live.support import (
    arrival,
    deliveries,
    envelope,
    fake_upstream,
    wib,
)
from tests.harness import HubClient

URL = "/api/reporting/offices/3572/dashboard"


def morning() -> list:
    def on(officer, at):
        return envelope("OfficerSignedOn", at, officer_id=officer, desk="1")

    def step(event_type, visit, officer, at):
        return envelope(event_type, at, visit_id=visit, officer_id=officer)

    return [
        on("ani", wib(17, 7, 50)),
        on("budi", wib(17, 8)),
        on("citra", wib(17, 8)),
        on("dodi", wib(17, 8)),
        envelope("OfficerSignedOff", wib(17, 9), officer_id="dodi"),
        envelope("OfficerBreakStarted", wib(17, 9, 50), officer_id="citra"),
        arrival("w1", wib(17, 8)),
        step("VisitorCalled", "w1", "ani", wib(17, 8, 2)),
        step("ConsultationStarted", "w1", "ani", wib(17, 8, 3)),
        step("ConsultationCompleted", "w1", "ani", wib(17, 8, 20)),
        arrival("w2", wib(17, 8, 10)),
        step("ConsultationStarted", "w2", "ani", wib(17, 8, 40)),
        step("ConsultationCompleted", "w2", "ani", wib(17, 9)),
        arrival("w3", wib(17, 9, 30)),
        arrival("w4", wib(17, 9, 40)),
        step("VisitorCalled", "w4", "budi", wib(17, 9, 45)),
        step("ConsultationStarted", "w4", "budi", wib(17, 9, 46)),
        arrival("wa1", wib(17, 9, 58), "whatsapp"),
        arrival("e1", wib(14, 10), "email"),
    ]


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    client = make_memory_hub(("reporting",), Ports(clock=lambda: wib(17, 10)))
    reporting = client.hub.container(LiveReporting)
    reporting.projection.handle_batch(deliveries(morning()))
    return client


def today(client: HubClient, role: Role = Role.SUPERVISOR) -> dict:
    response = client.http.get(URL, headers=client.auth(role))
    assert response.status_code == 200, response.text
    return response.json()["today"]


def test_today_counts_visitors_by_channel(client: HubClient):
    view = today(client)
    assert view["visitors"] == 5
    assert view["by_channel"] == {"walk_in": 4, "halopst": 0, "whatsapp": 1, "email": 0}


def test_waiting_now_counts_offline_today_and_online_until_answered(client: HubClient):
    waiting = today(client)["waiting_now"]
    assert (waiting["total"], waiting["offline"], waiting["online"]) == (3, 1, 2)
    assert [row["visit_id"] for row in waiting["visits"]] == ["e1", "w3", "wa1"]


def test_the_longest_current_wait_counts_business_minutes_only(client: HubClient):
    longest = today(client)["longest_current_wait"]
    assert (longest["visit_id"], longest["standard_wait_minutes"]) == ("e1", 570.0)
    assert longest["within_standard"] is False


def test_breaches_list_served_and_still_waiting_visits(client: HubClient):
    view = today(client)
    breaches = {row["visit_id"]: row for row in view["breaches"]}
    assert set(breaches) == {"w2", "w3", "e1"} and view["breaches_total"] == 3
    assert [row["visit_id"] for row in view["breaches"]] == ["e1", "w3", "w2"]
    assert breaches["w2"]["status"] == "served"
    assert breaches["w2"]["standard_wait_minutes"] == 20.0
    assert breaches["w2"]["wait_from"] == "2026-03-17T08:20:00+07:00"
    assert breaches["w3"]["status"] == "waiting"


def test_compliance_today_is_within_over_served(client: HubClient):
    compliance = today(client)["compliance"]
    assert (compliance["all"]["served"], compliance["all"]["within_standard"]) == (3, 2)
    assert compliance["all"]["compliance_pct"] == 66.67
    assert compliance["online"]["compliance_pct"] is None


def test_officers_now_serving_idle_on_break_or_off(client: HubClient):
    view = today(client)
    status = {row["officer_id"]: row["status"] for row in view["officers"]}
    assert status == {"ani": "idle", "budi": "serving", "citra": "break", "dodi": "off"}
    assert (view["officers_on_duty"], view["officers_idle"]) == (2, 1)
    ani = next(row for row in view["officers"] if row["officer_id"] == "ani")
    assert (ani["consultations"], ani["on_duty_minutes"]) == (2, 130.0)


def test_the_month_so_far_has_a_row_per_day(client: HubClient):
    month = client.http.get(URL, headers=client.auth(Role.AUDITOR)).json()["month"]
    assert month["period"] == {"start": "2026-03-01", "end": "2026-03-17"}
    assert month["visitors"] == 6
    assert len(month["trend"]) == 17
    tuesday = month["trend"][-1]
    assert (tuesday["visitors"], tuesday["served"], tuesday["within_standard"]) == (5, 3, 2)
    assert month["trend"][13]["visitors"] == 1 and month["trend"][13]["open"] is False


def test_the_lag_is_the_upstream_log_end_less_the_recorded_position(client: HubClient):
    arrivals = [arrival(f"x{n}", wib(17, 9)).to_json_dict() for n in range(8)]
    client.hub.services["intake"] = fake_upstream("intake", arrivals)  # 8 notifications
    body = client.http.get(URL, headers=client.auth(Role.SUPERVISOR)).json()
    lag = {row["source"]: (row["position"], row["end"], row["lag"]) for row in body["lag"]}
    assert lag == {"intake": (6, 8, 2), "queue": (13, None, None)}


def test_an_officer_sees_only_today(client: HubClient):
    body = client.http.get(URL, headers=client.auth(Role.OFFICER)).json()
    assert set(body) == {"office_id", "office_name", "today", "events"}


def test_a_receptionist_may_not_watch_the_dashboard(client: HubClient):
    assert client.http.get(URL, headers=client.auth(Role.RECEPTIONIST)).status_code == 403


def test_another_office_is_refused(client: HubClient):
    headers = client.issue("kepala-kediri", [Role.SUPERVISOR], office="3571")
    response = client.http.get(URL, headers=headers)
    assert response.status_code == 403
    assert "office_id" in response.text


def test_an_unknown_office_is_refused_naming_it(client: HubClient):
    response = client.http.get(
        "/api/reporting/offices/0000x/dashboard", headers=client.auth(Role.ADMIN)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "office_id"]
