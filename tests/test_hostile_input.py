"""What broke when tried (issue 15): edge instants, lone surrogates, huge bodies.

Every answer is a 4xx naming the field, never a 500, and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import SecretStr

from infra.security import Role
from services.intake.application import IntakeApplication
from services.intake.settings import IntakeSettings
from services.intake.tests.payloads import (
    EMAIL_KEY,
    WHATSAPP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    fixture_bytes,
    fixture_json,
    post_email,
    post_whatsapp,
)
from services.intake.tests.test_online_api import with_timestamp
from tests.harness import HubClient

FAR = ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "1999-12-31T23:59:59+07:00"]


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub()


def recorded(client: HubClient) -> int:
    return client.hub.container(IntakeApplication).recorder.max_notification_id() or 0


def refused(response: Any, *loc: str, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert tuple(response.json()["detail"][0]["loc"]) == loc


@pytest.mark.parametrize("instant", FAR)
def test_a_walk_in_from_another_era_is_refused_and_nothing_is_saved(
    client: HubClient, instant: str
) -> None:
    body = {**fixture_json("walk_in.json"), "occurred_at": instant}
    response = client.http.post(
        "/api/intake/walk-ins", json=body, headers=client.auth(Role.RECEPTIONIST)
    )
    refused(response, "body", "occurred_at")
    assert recorded(client) == 0


def test_a_halopst_request_of_year_one_is_refused(client: HubClient) -> None:
    body = {**fixture_json("halopst_request.json"), "occurred_at": FAR[1]}
    response = client.http.post(
        "/api/intake/halopst/requests", json=body, headers=client.auth(Role.CHANNEL)
    )
    refused(response, "body", "occurred_at")
    assert recorded(client) == 0


def test_a_suggestion_box_opened_in_9999_is_refused(client: HubClient) -> None:
    body = {
        "office_id": "3572",
        "channel": "suggestion_box",
        "category": "lainnya",
        "message": "Kertas dari kotak saran.",
        "box_opened_on": "9999-12-31",
    }
    response = client.http.post(
        "/api/feedback/complaints", json=body, headers=client.auth(Role.RECEPTIONIST)
    )
    refused(response, "body", "box_opened_on")


def test_a_staff_complaint_dated_9999_is_refused(client: HubClient) -> None:
    body = {
        "office_id": "3572",
        "channel": "phone",
        "category": "lainnya",
        "message": "Telepon masuk.",
        "occurred_at": FAR[0],
    }
    response = client.http.post(
        "/api/feedback/complaints", json=body, headers=client.auth(Role.RECEPTIONIST)
    )
    refused(response, "body", "occurred_at")


@pytest.mark.parametrize(
    ("url", "params", "loc"),
    [
        ("/api/intake/service-hours", {"office_id": "3572", "at": FAR[0]}, ("query", "at")),
        ("/api/intake/service-hours", {"office_id": "3572", "at": "0.5"}, ("query", "at")),
        ("/api/queue/board", {"at": FAR[0]}, ("query", "at")),
        ("/api/queue/queues/offline", {"at": FAR[1]}, ("query", "at")),
        ("/api/feedback/complaints/overdue", {"as_of": FAR[0]}, ("query", "as_of")),
        (
            "/api/intake/identity-cards/unreturned",
            {"office_id": "3572", "date": "9999-12-31"},
            ("query", "date"),
        ),
        ("/api/reporting/offices/3572/reports", {"period": "0001"}, ("query", "period")),
        ("/api/reporting/offices/3572/reports", {"period": "9999"}, ("query", "period")),
        (
            "/api/reporting/offices/3572/reports/range",
            {"start": "0178-01-01", "end": "2026-01-31"},
            ("query", "start"),
        ),
        (
            "/api/reporting/offices/3572/reports/range",
            {"start": "2026-01-01", "end": "9999-12-31"},
            ("query", "end"),
        ),
    ],
)
def test_read_only_edge_dates_are_refused_naming_the_parameter(
    client: HubClient, url: str, params: dict[str, str], loc: tuple[str, ...]
) -> None:
    response = client.http.get(url, params=params, headers=client.auth(Role.ADMIN))
    refused(response, *loc)


def test_yearly_reports_outside_the_covered_years_are_refused(client: HubClient) -> None:
    for year in ("1999", "2100", "9999"):
        response = client.http.get(
            f"/api/reporting/offices/3572/reports/yearly/{year}", headers=client.auth(Role.ADMIN)
        )
        assert response.status_code == 422, (year, response.text)


@pytest.mark.parametrize(
    ("url", "auth"),
    [("/api/feedback/public/complaints", False), ("/api/intake/walk-ins", True)],
)
def test_a_lone_surrogate_is_a_422_not_a_500(client: HubClient, url: str, auth: bool) -> None:
    body = b'{"office_id": "3572", "category": "lainnya", "message": "\\ud800"}'
    headers = {"Content-Type": "application/json"}
    if auth:
        headers |= client.auth(Role.RECEPTIONIST)
    response = client.http.post(url, content=body, headers=headers)
    refused(response, "body")
    assert recorded(client) == 0


def test_a_proper_surrogate_pair_is_text_like_any_other(client: HubClient) -> None:
    body = {**fixture_json("walk_in.json")}
    body["visitor"] = {**body["visitor"], "name": "Siti \U0001f600"}
    response = client.http.post(
        "/api/intake/walk-ins", json=body, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text


def test_a_huge_body_is_refused_before_it_is_read(client: HubClient) -> None:
    huge = b'{"message": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    response = client.http.post(
        "/api/feedback/public/complaints",
        content=huge,
        headers={"Content-Type": "application/json"},
    )
    refused(response, "body", status=413)
    assert len(response.content) < 1024  # the answer never echoes the input


def test_a_body_without_length_is_cut_at_the_limit(client: HubClient) -> None:
    def chunks() -> Any:
        for _ in range(200):
            yield b"x" * 1024

    response = client.http.post(
        "/api/intake/walk-ins",
        content=chunks(),
        headers={"Content-Type": "application/json"} | client.auth(Role.RECEPTIONIST),
    )
    refused(response, "body", status=413)


def test_a_long_invalid_field_is_not_echoed(client: HubClient) -> None:
    form = {"office_id": "3572", "category": "lainnya", "message": "y" * 50_000}
    response = client.http.post("/api/feedback/public/complaints", json=form)
    assert response.status_code == 422
    assert len(response.content) < 2048


# --- channel messages with lying headers (issue 15, failures 1 and 5) ---------------


def channel_hub(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    channels = IntakeSettings(
        whatsapp_app_secret=SecretStr(WHATSAPP_SECRET),
        whatsapp_verify_token=SecretStr(WHATSAPP_VERIFY_TOKEN),
        email_gateway_key=SecretStr(EMAIL_KEY),
    )
    return make_memory_hub(("intake",), intake=channels)


def test_a_whatsapp_timestamp_beyond_any_date_is_recorded_at_receipt(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = channel_hub(make_memory_hub)
    body = with_timestamp("whatsapp_text.json", 999_999_999_999)
    response = post_whatsapp(client, body)
    assert response.status_code == 200, response.text
    assert recorded(client) > 0  # accepted (a refused webhook is redelivered forever)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Date", "Fri, 31 Dec 9999 23:59:59 -1200"),
        ("From", "=?utf-8?b?!!!invalid?= <x@example.com>"),
    ],
)
def test_an_email_with_a_lying_header_is_never_a_500(
    make_memory_hub: Callable[..., HubClient], header: str, value: str
) -> None:
    client = channel_hub(make_memory_hub)
    lines = fixture_bytes("email_plain.eml").decode().splitlines()
    mail = "\r\n".join(
        f"{header}: {value}" if line.startswith(f"{header}:") else line for line in lines
    ).encode()
    response = post_email(client, mail)
    assert response.status_code < 500, response.text
