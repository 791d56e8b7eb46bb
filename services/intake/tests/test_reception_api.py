"""Walk-in reception over HTTP (in-memory store): arrival, card custody, guest book, departure."""

from __future__ import annotations

from typing import Any

from infra.security import Role
from services.intake.tests.payloads import (
    event_types,
    fixture_json,
    intake_app,
    post_walk_in,
    published,
)
from tests.harness import HubClient

LATER = {"occurred_at": "2026-03-17T11:00:00+07:00"}


def arrived(client: HubClient, **changes: Any) -> str:
    response = post_walk_in(client, {**fixture_json("walk_in.json"), **changes})
    assert response.status_code == 201, response.text
    return str(response.json()["visit_id"])


def test_walk_in_is_recorded_with_only_the_last_four_digits_shown(client: HubClient) -> None:
    response = post_walk_in(client)
    assert response.status_code == 201
    body = response.json()
    assert body["identity_card"] == {
        "document_type": "KTP",
        "document_last4": "0001",
        "deposited_at": "2026-03-17T08:10:00+07:00",
        "returned_at": None,
    }
    assert "3572011203900001" not in response.text
    assert body["within_service_hours"] is True and body["notice"] is None
    assert event_types(intake_app(client)) == ["VisitorArrived", "IdentityCardDeposited"]


def test_walk_in_without_identity_card_is_refused_and_records_nothing(client: HubClient) -> None:
    form = fixture_json("walk_in.json")
    del form["identity_card"]
    response = post_walk_in(client, form)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "identity_card"]
    assert "standar pelayanan" in problem["msg"]
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_walk_in_with_a_malformed_nik_is_refused_naming_the_number(client: HubClient) -> None:
    form = fixture_json("walk_in.json")
    form["identity_card"]["number"] = "35720112039"
    response = post_walk_in(client, form)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "identity_card", "number"]


def test_walk_in_outside_service_hours_is_recorded_with_a_notice(client: HubClient) -> None:
    response = post_walk_in(
        client, {**fixture_json("walk_in.json"), "occurred_at": "2026-03-17T16:05:00+07:00"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["within_service_hours"] is False
    assert body["next_opening"] == "2026-03-25T08:00:00+07:00"  # after Nyepi and Idul Fitri
    assert "di luar jam layanan" in body["notice"] and "Rabu, 25 Maret 2026" in body["notice"]


def test_walk_in_at_an_unknown_office_is_refused_before_anything_is_saved(
    client: HubClient,
) -> None:
    response = client.http.post(
        "/api/intake/walk-ins",
        json={**fixture_json("walk_in.json"), "office_id": "9999"},
        headers=client.issue("admin-ri", [Role.ADMIN], "0000"),  # national: any office
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "office_id"]
    assert intake_app(client).recorder.max_notification_id() in (None, 0)


def test_only_receptionists_register_walk_ins(client: HubClient) -> None:
    response = client.http.post(
        "/api/intake/walk-ins", json=fixture_json("walk_in.json"), headers=client.auth(Role.OFFICER)
    )
    assert response.status_code == 403


def test_receptionist_of_another_office_cannot_register_here(client: HubClient) -> None:
    response = client.http.post(
        "/api/intake/walk-ins",
        json=fixture_json("walk_in.json"),
        headers=client.issue("resepsionis-malang", [Role.RECEPTIONIST], office="3573"),
    )
    assert response.status_code == 403
    assert response.json()["detail"][0]["loc"] == ["body", "office_id"]


def test_guest_book_is_signed_with_catalogue_categories(client: HubClient) -> None:
    visit_id = arrived(client)
    entry = {
        "institution_type": "perguruan_tinggi",
        "occupation": "mahasiswa",
        "education": "s1",
        "data_needed": "ketenagakerjaan",
        "purpose_of_use": "tugas_akhir",
        "note": "Data TPT untuk skripsi",
    }
    response = client.http.post(
        f"/api/intake/visits/{visit_id}/guest-book",
        json=entry,
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 200, response.text
    assert response.json()["guest_book"]["data_needed"] == "ketenagakerjaan"
    [signed] = [e for e in published(intake_app(client)) if e.event_type == "GuestBookSigned"]
    assert signed.data == {
        "visit_id": visit_id,
        "occupation": "mahasiswa",
        "institution_type": "perguruan_tinggi",
        "education": "s1",
        "data_needed": "ketenagakerjaan",
        "purpose_of_use": "tugas_akhir",
    }


def test_guest_book_with_an_unknown_category_is_refused(client: HubClient) -> None:
    visit_id = arrived(client)
    response = client.http.post(
        f"/api/intake/visits/{visit_id}/guest-book",
        json={"data_needed": "semua data"},
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "data_needed"]


def test_card_is_returned_then_the_visitor_departs(client: HubClient) -> None:
    visit_id = arrived(client)
    headers = client.auth(Role.RECEPTIONIST)
    early = client.http.post(f"/api/intake/visits/{visit_id}/departure", headers=headers)
    assert early.status_code == 409
    assert early.json()["detail"][0]["loc"] == ["body", "identity_card"]
    returned = client.http.post(
        f"/api/intake/visits/{visit_id}/identity-card/return", json=LATER, headers=headers
    )
    assert returned.status_code == 200
    assert returned.json()["identity_card"]["returned_at"] == "2026-03-17T11:00:00+07:00"
    departed = client.http.post(
        f"/api/intake/visits/{visit_id}/departure", json=LATER, headers=client.auth(Role.OFFICER)
    )
    assert departed.status_code == 200
    assert event_types(intake_app(client))[-2:] == ["IdentityCardReturned", "VisitorDeparted"]


def test_unknown_visit_is_not_found(client: HubClient) -> None:
    response = client.http.post(
        "/api/intake/visits/8f0d3c52-5b7e-4a43-9a51-1f3f1d0f0b11/identity-card/return",
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 404


def test_end_of_day_list_shows_cards_not_returned_by_last_four_only(client: HubClient) -> None:
    kept = arrived(client)
    sim = {"document_type": "SIM", "number": "123456789012"}
    returned = arrived(client, identity_card=sim, visitor={"name": "Joko", "phone": "0815111222"})
    client.http.post(
        f"/api/intake/visits/{returned}/identity-card/return",
        json=LATER,
        headers=client.auth(Role.RECEPTIONIST),
    )
    response = client.http.get(
        "/api/intake/identity-cards/unreturned",
        params={"office_id": "3572", "date": "2026-03-17"},
        headers=client.auth(Role.SUPERVISOR),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["cards"][0]["visit_id"] == kept
    assert body["cards"][0]["document_last4"] == "0001"
    assert "3572011203900001" not in response.text and "Siti" not in response.text


def test_end_of_day_list_of_an_earlier_day_shows_what_was_held_then(client: HubClient) -> None:
    visit_id = arrived(client, occurred_at="2026-03-16T09:00:00+07:00")
    client.http.post(
        f"/api/intake/visits/{visit_id}/identity-card/return",
        json=LATER,  # returned the next day
        headers=client.auth(Role.RECEPTIONIST),
    )
    day = {"office_id": "3572", "date": "2026-03-16"}
    then = client.http.get(
        "/api/intake/identity-cards/unreturned", params=day, headers=client.auth(Role.RECEPTIONIST)
    )
    assert [card["visit_id"] for card in then.json()["cards"]] == [visit_id]
    now = client.http.get(
        "/api/intake/identity-cards/unreturned",
        params={**day, "date": "2026-03-17"},
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert now.json()["cards"] == []


def test_officers_do_not_get_the_card_list(client: HubClient) -> None:
    response = client.http.get(
        "/api/intake/identity-cards/unreturned",
        params={"office_id": "3572"},
        headers=client.auth(Role.OFFICER),
    )
    assert response.status_code == 403


def test_visit_details_show_the_card_by_last_four_only(client: HubClient) -> None:
    visit_id = arrived(client)
    response = client.http.get(f"/api/intake/visits/{visit_id}", headers=client.auth(Role.OFFICER))
    assert response.status_code == 200
    assert response.json()["visitor_name"] == "Siti Rahayu"
    assert response.json()["identity_card"]["document_last4"] == "0001"
    assert "3572011203900001" not in response.text
