"""Complaints, suggestions and praise from every channel, through the hub (in-memory store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from infra.security import Role
from services.feedback.tests.envelopes import published
from tests.harness import HubClient

FILED = "2026-03-17T10:00:00+07:00"  # Tuesday before Nyepi and Eid al-Fitr
SECRET_TEXT = "Pak Darmo di meja 2 membentak saya"
CONTACT = {"name": "Budi Santoso", "phone": "0812 3456 7890", "email": "budi@example.org"}
STAFF_FILINGS: dict[str, dict[str, Any]] = {
    "suggestion_box": {"box_opened_on": "2026-03-16"},
    "lapor": {"lapor_reference": "LPR4512873"},
    "phone": {},
    "whatsapp": {},
    "email": {},
}


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("feedback",))


def filing(channel: str, **extra: Any) -> dict[str, Any]:
    return {
        "office_id": "3572",
        "channel": channel,
        "kind": "complaint",
        "category": "perilaku_petugas",
        "message": SECRET_TEXT,
        "contact": CONTACT,
        "visit_id": "visit-1",
        "officer_id": "ofc-2",
        "occurred_at": FILED,
        **STAFF_FILINGS[channel],
        **extra,
    }


def record(client: HubClient, channel: str, **extra: Any) -> Any:
    return client.http.post(
        "/api/feedback/complaints",
        json=filing(channel, **extra),
        headers=client.auth(Role.RECEPTIONIST),
    )


def step(client: HubClient, complaint_id: str, name: str, **body: Any) -> Any:
    return client.http.post(
        f"/api/feedback/complaints/{complaint_id}/{name}",
        json=body,
        headers=client.auth(Role.SUPERVISOR),
    )


@pytest.mark.parametrize("channel", sorted(STAFF_FILINGS))
def test_staff_record_a_complaint_from_each_channel_with_its_deadlines(
    client: HubClient, channel: str
) -> None:
    response = record(client, channel)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "filed"
    assert body["respond_by"] == "2026-03-27T16:00:00+07:00"
    assert body["resolve_by"] == "2026-03-31T15:30:00+07:00"
    [filed] = published(client)
    assert filed.event_type == "ComplaintFiled" and filed.data["channel"] == channel


def test_the_website_form_needs_no_login_and_allows_anonymity(client: HubClient) -> None:
    form = {
        "office_id": "3572",
        "kind": "suggestion",
        "category": "sarana_prasarana",
        "message": "Mohon tambah kursi ruang tunggu.",
    }
    response = client.http.post("/api/feedback/public/complaints", json=form)
    assert response.status_code == 201, response.text
    details = client.http.get(
        f"/api/feedback/complaints/{response.json()['complaint_id']}",
        headers=client.auth(Role.SUPERVISOR),
    ).json()
    assert details["channel"] == "website" and details["anonymous"] is True
    assert details["contact"] is None and details["kind"] == "suggestion"


def test_the_website_form_cannot_backdate_or_pick_a_channel(client: HubClient) -> None:
    form = {"office_id": "3572", "category": "lainnya", "message": "x", "channel": "lapor"}
    response = client.http.post("/api/feedback/public/complaints", json=form)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "channel"]


def test_the_website_form_refuses_an_unknown_office(client: HubClient) -> None:
    form = {"office_id": "9999", "category": "lainnya", "message": "Halo."}
    response = client.http.post("/api/feedback/public/complaints", json=form)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "office_id"]


def test_a_complaint_is_acknowledged_then_resolved_with_a_response(client: HubClient) -> None:
    complaint_id = record(client, "phone").json()["complaint_id"]
    acknowledged = step(
        client, complaint_id, "acknowledge", occurred_at="2026-03-25T09:00:00+07:00"
    )
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"
    resolved = step(
        client,
        complaint_id,
        "resolve",
        response="Petugas sudah dibina.",
        resolution_category="perbaikan_layanan",
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["response"] == "Petugas sudah dibina."
    types = [e.event_type for e in published(client)]
    assert types == ["ComplaintFiled", "ComplaintAcknowledged", "ComplaintResolved"]
    assert published(client)[-1].data["resolution_category"] == "perbaikan_layanan"


def test_transitions_out_of_order_are_409_and_change_nothing(client: HubClient) -> None:
    complaint_id = record(client, "email").json()["complaint_id"]
    early = step(client, complaint_id, "resolve", response="Selesai.")
    assert early.status_code == 409
    assert step(client, complaint_id, "acknowledge").status_code == 200
    assert step(client, complaint_id, "acknowledge").status_code == 409
    assert step(client, complaint_id, "resolve", response="Selesai.").status_code == 200
    assert step(client, complaint_id, "resolve", response="Lagi.").status_code == 409
    assert len(published(client)) == 3


def test_the_same_lapor_report_recorded_twice_is_409(client: HubClient) -> None:
    assert record(client, "lapor").status_code == 201
    again = record(client, "lapor", lapor_reference="lpr4512873")
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["body", "lapor_reference"]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"box_opened_on": None}, ["body", "box_opened_on"]),
        ({"category": "Pak Darmo"}, ["body", "category"]),
        ({"occurred_at": "2026-03-17T10:00:00"}, ["body", "occurred_at"]),
    ],
)
def test_bad_filings_get_422_naming_the_field(
    client: HubClient, change: dict[str, Any], loc: list[str]
) -> None:
    response = record(client, "suggestion_box", **change)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc
    assert published(client) == []


def test_staff_endpoints_are_role_protected(client: HubClient) -> None:
    complaint_id = record(client, "phone").json()["complaint_id"]
    assert client.http.post("/api/feedback/complaints", json=filing("phone")).status_code == 401
    officer = client.auth(Role.OFFICER)
    assert (
        client.http.post(
            f"/api/feedback/complaints/{complaint_id}/acknowledge", json={}, headers=officer
        ).status_code
        == 403
    )
    assert client.http.get("/api/feedback/complaints/overdue", headers=officer).status_code == 403
    elsewhere = client.issue("spv-3573", [Role.SUPERVISOR], office="3573")
    assert (
        client.http.post(
            f"/api/feedback/complaints/{complaint_id}/acknowledge", json={}, headers=elsewhere
        ).status_code
        == 403
    )


def test_the_supervisor_sees_overdue_complaints_with_their_due_dates(client: HubClient) -> None:
    late = record(client, "phone").json()["complaint_id"]
    answered = record(client, "whatsapp").json()["complaint_id"]
    step(client, answered, "acknowledge", occurred_at="2026-03-25T09:00:00+07:00")
    done = record(client, "email").json()["complaint_id"]
    step(client, done, "acknowledge", occurred_at="2026-03-25T09:00:00+07:00")
    step(client, done, "resolve", response="Sudah.", occurred_at="2026-03-26T09:00:00+07:00")

    def overdue(as_of: str) -> dict[str, Any]:
        response = client.http.get(
            "/api/feedback/complaints/overdue",
            params={"as_of": as_of},
            headers=client.auth(Role.SUPERVISOR),
        )
        assert response.status_code == 200, response.text
        return {item["complaint_id"]: item for item in response.json()["complaints"]}

    assert overdue("2026-03-27T15:00:00+07:00") == {}  # the holidays do not count
    after_response = overdue("2026-03-30T08:00:00+07:00")
    assert list(after_response) == [late]
    assert after_response[late]["overdue"] == ["response"]
    assert after_response[late]["respond_by"] == "2026-03-27T16:00:00+07:00"
    after_resolution = overdue("2026-04-01T08:00:00+07:00")
    assert after_resolution[late]["overdue"] == ["response", "resolution"]
    assert after_resolution[answered]["overdue"] == ["resolution"]
    assert done not in after_resolution


def test_no_free_text_or_personal_data_is_published(client: HubClient) -> None:
    complaint_id = record(client, "lapor").json()["complaint_id"]
    step(client, complaint_id, "acknowledge")
    step(client, complaint_id, "resolve", response="Jawaban rahasia untuk Budi.")
    text = str([envelope.to_json_dict() for envelope in published(client)])
    for private in (SECRET_TEXT, "Budi", "0812", "example.org", "LPR4512873", "rahasia"):
        assert private not in text
