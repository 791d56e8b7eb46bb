"""The national roll-up API: BPS RI's view of every office, equal to each office's report."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import date

import pytest

from events import envelope_from_dict
from infra.security import Role
from services.reporting.live import LiveReporting
from services.reporting.tests.live.support import deliveries, generated_days
from tests.harness import HubClient

URL = "/api/reporting/national/reports"


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    client = make_memory_hub(("reporting",))
    reporting = client.hub.container(LiveReporting)
    days = [date(2026, 3, day) for day in (2, 3, 4)]
    blitar = generated_days(days)
    jayapura = [  # the same days at BPS Kota Jayapura (WIT), as events of their own
        {
            **item,
            "office_id": "9471",
            "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, item["event_id"])),
        }
        for item in blitar
    ]
    history = blitar + jayapura
    reporting.projection.handle_batch(deliveries(envelope_from_dict(item) for item in history))
    return client


def test_bps_ri_sees_every_office_as_its_own_report_says(client: HubClient) -> None:
    national = client.issue("auditor-ri", [Role.AUDITOR], "0000")
    response = client.http.get(URL, params={"period": "2026-03"}, headers=national)
    assert response.status_code == 200, response.text
    body = response.json()
    rows = {row["office_id"]: row for row in body["offices"]}
    assert {"3572", "9471"} <= set(rows)
    assert rows["9471"]["time_zone"] == "WIT" and rows["3572"]["time_zone"] == "WIB"
    for office, row in rows.items():
        own = client.http.get(
            f"/api/reporting/offices/{office}/reports/monthly/2026/3", headers=national
        ).json()
        assert row["offline"]["compliance_pct"] == own["offline"]["compliance_pct"]
        assert row["online"]["within_standard"] == own["online"]["within_standard"]
        assert row["ikm"]["score"] == own["ikm"]["score"]
    assert body["national"]["offices"] == len(rows)
    assert body["national"]["offline"]["visits"] == sum(
        r["offline"]["visits"] for r in rows.values()
    )
    as_csv = client.http.get(URL, params={"period": "2026-03", "format": "csv"}, headers=national)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert sorted(r["office_id"] for r in csv.DictReader(io.StringIO(as_csv.text))) == sorted(rows)


def test_an_office_token_may_not_read_the_country(client: HubClient) -> None:
    response = client.http.get(URL, params={"period": "2026-03"}, headers=client.auth(Role.AUDITOR))
    assert response.status_code == 403
    [problem] = response.json()["detail"]
    assert problem["loc"][-1] == "office_id" and "0000" in problem["msg"]


def test_a_bad_period_is_a_422_naming_it(client: HubClient) -> None:
    national = client.issue("auditor-ri", [Role.AUDITOR], "0000")
    response = client.http.get(URL, params={"period": "Maret"}, headers=national)
    assert response.status_code == 422
    assert "period" in str(response.json()["detail"])
