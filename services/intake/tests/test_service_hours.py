"""Service hours from the service calendar: open now? when next? (public endpoint)."""

from __future__ import annotations

from datetime import datetime

from services.intake.service_hours import hours_status, online_acknowledgement
from standard.directory import OfficeDirectory
from standard.wording import long_datetime
from tests.harness import HubClient


def hours_at(client: HubClient, at: str, office_id: str = "3572") -> dict[str, object]:
    response = client.http.get(
        "/api/intake/service-hours", params={"office_id": office_id, "at": at}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_open_on_a_weekday_morning_until_half_past_three(client: HubClient) -> None:
    body = hours_at(client, "2026-03-17T10:00:00+07:00")
    assert body["open"] is True
    assert body["closes_at"] == "2026-03-17T15:30:00+07:00"
    assert body["time_zone"] == "Asia/Jakarta"


def test_open_until_four_on_fridays(client: HubClient) -> None:
    assert hours_at(client, "2026-03-13T15:45:00+07:00")["open"] is True


def test_closed_after_hours_and_next_opening_skips_holidays(client: HubClient) -> None:
    body = hours_at(client, "2026-03-17T16:00:00+07:00")
    assert body["open"] is False and body["closes_at"] is None
    assert body["next_opening"] == "2026-03-25T08:00:00+07:00"


def test_any_offset_is_answered_in_office_time(client: HubClient) -> None:
    body = hours_at(client, "2026-03-16T00:30:00Z")  # 07:30 WIB, before opening
    assert body["open"] is False and body["next_opening"] == "2026-03-16T08:00:00+07:00"


def test_without_at_it_answers_for_now(client: HubClient) -> None:
    response = client.http.get("/api/intake/service-hours", params={"office_id": "3572"})
    assert response.status_code == 200 and isinstance(response.json()["open"], bool)


def test_unknown_office_is_refused_naming_office_id(client: HubClient) -> None:
    response = client.http.get("/api/intake/service-hours", params={"office_id": "9999"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "office_id"]


def test_next_opening_is_said_in_indonesian() -> None:
    moment = datetime.fromisoformat("2026-03-25T08:00:00+07:00")
    status = hours_status(OfficeDirectory().calendar("3572"), moment)
    assert long_datetime(status.at) == "Rabu, 25 Maret 2026 pukul 08.00 WIB"
    closed = hours_status(
        OfficeDirectory().calendar("3572"), datetime.fromisoformat("2026-03-21T10:00:00+07:00")
    )
    assert "Rabu, 25 Maret 2026 pukul 08.00 WIB" in online_acknowledgement(closed)
