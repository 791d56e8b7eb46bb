"""The reports API: every format of `hub report`, role-protected, with provenance."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import orjson
import pytest
from openpyxl import load_workbook

from events import envelope_from_dict
from infra.security import Role
from services.reporting.live import LiveReporting
from services.reporting.tests.live.support import deliveries, generated_days
from tests.harness import HubClient

BASE = "/api/reporting/offices/3572/reports"


@pytest.fixture(scope="module")
def history() -> list[dict]:
    return generated_days([date(2026, 3, day) for day in (2, 3, 4)])


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient], history: list[dict]) -> HubClient:
    client = make_memory_hub(("reporting",))
    reporting = client.hub.container(LiveReporting)
    reporting.projection.handle_batch(deliveries(envelope_from_dict(item) for item in history))
    return client


def test_the_monthly_report_is_json_with_its_provenance(client: HubClient, history: list[dict]):
    response = client.http.get(f"{BASE}/monthly/2026/3", headers=client.auth(Role.AUDITOR))
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"start": "2026-03-01", "end": "2026-03-31"}
    assert body["offline"]["served"] > 0
    provenance = body["provenance"]
    assert provenance["events"] == int(response.headers["X-Report-Events"])
    assert provenance["events_digest"]["sha256"] == response.headers["X-Report-Events-Digest"]
    assert provenance["projection"]["generation"] == 1
    assert provenance["projection"]["positions"] == {"feedback": 0, "intake": 0, "queue": 0} | {
        source: sum(1 for item in history if item["source"] == source)
        for source in ("intake", "queue", "feedback")
    }


def test_yearly_monthly_and_range_reports_agree_on_the_same_days(client: HubClient):
    headers = client.auth(Role.SUPERVISOR)
    year = client.http.get(f"{BASE}/yearly/2026", headers=headers).json()
    month = client.http.get(f"{BASE}?period=2026-03", headers=headers).json()
    days = client.http.get(
        f"{BASE}/range", params={"start": "2026-03-01", "end": "2026-03-31"}, headers=headers
    ).json()
    assert year["offline"] == month["offline"] == days["offline"]
    assert year["period_label"] == "2026" and days["period_label"] == "2026-03-01..2026-03-31"


def test_a_pdf_carries_its_provenance_in_headers(client: HubClient):
    response = client.http.get(
        f"{BASE}/monthly/2026/3", params={"format": "pdf"}, headers=client.auth(Role.AUDITOR)
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="laporan-3572-2026-03.pdf"' in response.headers["content-disposition"]
    assert orjson.loads(response.headers["X-Report-Projection"])["generation"] == 1


def test_a_spreadsheet_has_the_visits_of_the_period(client: HubClient):
    response = client.http.get(
        f"{BASE}/monthly/2026/3", params={"format": "xlsx"}, headers=client.auth(Role.AUDITOR)
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) >= 2


def test_a_csv_report_is_text(client: HubClient):
    response = client.http.get(
        f"{BASE}/yearly/2026", params={"format": "csv"}, headers=client.auth(Role.AUDITOR)
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "compliance_pct" in response.text


@pytest.mark.parametrize("role", [Role.OFFICER, Role.RECEPTIONIST])
def test_reports_are_for_supervisors_and_auditors(client: HubClient, role: Role):
    response = client.http.get(f"{BASE}/monthly/2026/3", headers=client.auth(role))
    assert response.status_code == 403


def test_reports_need_a_token(client: HubClient):
    assert client.http.get(f"{BASE}/monthly/2026/3").status_code == 401


def test_a_bad_period_is_named(client: HubClient):
    response = client.http.get(f"{BASE}?period=2026-13", headers=client.auth(Role.AUDITOR))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "period"]


def test_a_range_ending_before_it_starts_is_refused(client: HubClient):
    response = client.http.get(
        f"{BASE}/range",
        params={"start": "2026-03-10", "end": "2026-03-01"},
        headers=client.auth(Role.AUDITOR),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "end"


def test_an_unknown_format_is_refused(client: HubClient):
    response = client.http.get(
        f"{BASE}/monthly/2026/3", params={"format": "docx"}, headers=client.auth(Role.AUDITOR)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "format"]
