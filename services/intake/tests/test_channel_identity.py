"""Whose message is it (issue 15, failures 6 and 7): a channel's own id names a message
only within one office (halopst) and one sender (e-mail), and an e-mail continues a
thread only from the visitor who wrote it, in the same office."""

from __future__ import annotations

from typing import Any

from infra.security import Role
from services.intake.tests.payloads import (
    EMAIL_KEY,
    event_types,
    fixture_bytes,
    fixture_json,
    intake_app,
    post_email,
    published,
    signed,
)
from tests.harness import HubClient

RINA = b"Rina Wulandari <Rina.Wulandari@example.com>"
RINA_REPLY = b"Rina Wulandari <rina.wulandari@example.com>"
EKO = b"Eko Prasetyo <eko.prasetyo@example.org>"


def halopst(client: HubClient, office: str, **changes: Any) -> Any:
    form = {**fixture_json("halopst_request.json"), "office_id": office, **changes}
    headers = client.issue(f"halopst-{office}", [Role.CHANNEL], office)
    return client.http.post("/api/intake/halopst/requests", json=form, headers=headers)


def arrivals(client: HubClient) -> list[Any]:
    return [e for e in published(intake_app(client)) if e.event_type == "VisitorArrived"]


def test_a_halopst_request_id_of_another_office_is_a_request_of_its_own(
    client: HubClient,
) -> None:
    blitar = halopst(client, "3572")
    kabupaten = halopst(client, "3505")  # Kabupaten Blitar's halopst reuses the same id
    assert blitar.status_code == 201 and kabupaten.status_code == 201, kabupaten.text
    assert kabupaten.json()["visit_id"] != blitar.json()["visit_id"]
    assert sorted(e.office_id for e in arrivals(client)) == ["3505", "3572"]
    again = halopst(client, "3505")  # a redelivery within the office is still one visit
    assert again.status_code == 200 and again.json()["visit_id"] == kabupaten.json()["visit_id"]
    assert len(arrivals(client)) == 2


def test_a_reply_from_another_sender_to_someone_elses_thread_opens_its_own_visit(
    client: HubClient,
) -> None:
    rina = post_email(client, fixture_bytes("email_plain.eml")).json()
    stranger = fixture_bytes("email_reply.eml").replace(RINA_REPLY, EKO)
    eko = post_email(client, stranger).json()
    assert eko["opened"] == 1 and eko["visit_ids"] != rina["visit_ids"]
    assert len({e.data["visitor"]["visitor_ref"] for e in arrivals(client)}) == 2
    own = post_email(client, fixture_bytes("email_reply.eml")).json()  # Rina's own reply
    assert own["opened"] == 0 and own["visit_ids"] == rina["visit_ids"]


def test_a_message_id_reused_by_another_sender_is_not_dropped(client: HubClient) -> None:
    rina = post_email(client, fixture_bytes("email_plain.eml")).json()
    reused = fixture_bytes("email_plain.eml").replace(RINA, EKO)
    eko = post_email(client, reused).json()
    assert eko["duplicates"] == 0 and eko["opened"] == 1
    assert eko["visit_ids"] != rina["visit_ids"]
    assert event_types(intake_app(client)) == ["VisitorArrived", "VisitorArrived"]
    again = post_email(client, fixture_bytes("email_plain.eml")).json()  # Rina's redelivery
    assert again["duplicates"] == 1 and again["visit_ids"] == rina["visit_ids"]


def test_a_thread_does_not_continue_into_another_office(client: HubClient) -> None:
    rina = post_email(client, fixture_bytes("email_plain.eml")).json()
    headers = {"Content-Type": "message/rfc822"}
    body = fixture_bytes("email_reply.eml")
    headers["X-Pst-Signature-256"] = signed(body, EMAIL_KEY)
    other = client.http.post(
        "/api/intake/email/inbound", params={"office_id": "3505"}, content=body, headers=headers
    ).json()
    assert other["opened"] == 1 and other["visit_ids"] != rina["visit_ids"]
