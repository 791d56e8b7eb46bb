"""The reception desk over HTTP with the queue and feedback running (in-memory stores):
the ticket number intake learns from the queue, the day's walk-ins, check-out in one step,
the end-of-day list with contacts, and the visitor's own link (status, guest book, survey)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import Tracking

from infra.security import Role
from services.intake.tests.payloads import fixture_json
from tests.harness import OFFICE, HubClient

DAY = "2026-03-17"
OUTCOME = {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}


@pytest.fixture
def office(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("intake", "queue", "feedback", "staff"))


def walk_in(client: HubClient, **changes: Any) -> dict[str, Any]:
    form = {**fixture_json("walk_in.json"), **changes}
    response = client.http.post(
        "/api/intake/walk-ins", json=form, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def visit(client: HubClient, visit_id: str) -> dict[str, Any]:
    response = client.http.get(
        f"/api/intake/visits/{visit_id}", headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def desk(client: HubClient, **params: str) -> dict[str, Any]:
    response = client.http.get(
        "/api/intake/front-desk/visits",
        params={"office_id": OFFICE, "date": DAY, **params},
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def token_of(view: dict[str, Any]) -> str:
    return str(view["status_url"]).rsplit("/", 1)[1]


def officer(client: HubClient, path: str, **body: Any) -> dict[str, Any]:
    response = client.http.post(
        f"/api/queue/{path}", json={"office_id": OFFICE, **body}, headers=client.auth(Role.OFFICER)
    )
    assert response.status_code in (200, 201), response.text
    client.hub.drain()
    return dict(response.json())


def test_the_ticket_number_shows_once_the_queue_assigned_it(office: HubClient) -> None:
    arrival = walk_in(office)
    before = visit(office, arrival["visit_id"])
    assert before["ticket"] is None and before["queue"] is None  # not made up: not yet known
    assert before["status_url"].startswith("http://127.0.0.1:8000/kunjungan/")
    office.hub.drain()
    after = visit(office, arrival["visit_id"])
    assert after["ticket"] == "A-001"
    assert after["queue"] == {"ticket": "A-001", "state": "waiting", "desk": None}
    second = walk_in(office, identity_card={"document_type": "SIM", "number": "123456789012"})
    office.hub.drain()
    assert visit(office, second["visit_id"])["ticket"] == "A-002"


def test_the_visit_follows_the_queue_to_the_desk_and_to_done(office: HubClient) -> None:
    arrival = walk_in(office)
    office.hub.drain()
    officer(office, "officers/sign-on", desk="Meja 2")
    ticket = officer(office, "call-next", queue="offline")
    assert visit(office, arrival["visit_id"])["queue"]["state"] == "called"
    assert desk(office)["visits"][0]["desk"] == "Meja 2"
    officer(office, f"tickets/{ticket['ticket_id']}/start")
    assert visit(office, arrival["visit_id"])["queue"]["state"] == "in_consultation"
    officer(office, f"tickets/{ticket['ticket_id']}/complete", outcome=OUTCOME)
    row = desk(office)["visits"][0]
    assert row["state"] == "done" and row["ticket"] == "A-001" and row["card_held"] is True


def test_the_day_is_searchable_by_name_or_the_cards_last_four(office: HubClient) -> None:
    walk_in(office)
    walk_in(
        office,
        identity_card={"document_type": "SIM", "number": "123456789012"},
        visitor={"name": "Joko Widodo"},
        occurred_at="2026-03-17T09:00:00+07:00",
    )
    office.hub.drain()
    day = desk(office)
    assert [v["visitor_name"] for v in day["visits"]] == [
        "Joko Widodo",
        "Siti Rahayu",
    ]  # newest first
    assert [v["visitor_name"] for v in desk(office, q="siti")["visits"]] == ["Siti Rahayu"]
    assert [v["visitor_name"] for v in desk(office, q="9012")["visits"]] == ["Joko Widodo"]
    assert desk(office, q="0001")["visits"][0]["document_last4"] == "0001"
    assert desk(office, q="nobody")["count"] == 0
    assert "3572011203900001" not in str(day)
    other_day = desk(office, date="2026-03-18")
    assert other_day["count"] == 0


def test_check_out_returns_the_card_and_records_the_departure_in_one_step(
    office: HubClient,
) -> None:
    arrival = walk_in(office)
    headers = office.auth(Role.RECEPTIONIST)
    path = f"/api/intake/visits/{arrival['visit_id']}/check-out"
    body = {"occurred_at": "2026-03-17T10:00:00+07:00"}
    response = office.http.post(path, json=body, headers=headers)
    assert response.status_code == 200, response.text
    left = response.json()
    assert left["identity_card"]["returned_at"] == "2026-03-17T10:00:00+07:00"
    assert left["departed_at"] == "2026-03-17T10:00:00+07:00"
    assert office.http.post(path, json=body, headers=headers).status_code == 409
    assert desk(office)["visits"][0]["state"] == "departed"


def test_the_end_of_day_list_names_the_visitors_for_the_receptionist_only(
    office: HubClient,
) -> None:
    walk_in(office)
    params = {"office_id": OFFICE, "date": DAY}
    url = "/api/intake/identity-cards/unreturned"
    for_desk = office.http.get(url, params=params, headers=office.auth(Role.RECEPTIONIST)).json()
    [card] = for_desk["cards"]
    assert card["visitor_name"] == "Siti Rahayu" and card["phone"] == "081234567890"
    assert "3572011203900001" not in str(for_desk)
    for_supervisor = office.http.get(url, params=params, headers=office.auth(Role.SUPERVISOR))
    assert "Siti" not in for_supervisor.text and for_supervisor.json()["count"] == 1


def test_the_visitors_link_shows_their_place_and_nothing_personal(office: HubClient) -> None:
    first = walk_in(office)
    second = walk_in(office, identity_card={"document_type": "SIM", "number": "123456789012"})
    office.hub.drain()
    token = token_of(visit(office, second["visit_id"]))
    mine = office.http.get(f"/api/intake/public/visits/{token}")
    assert mine.status_code == 200
    assert mine.json()["ticket"] == "A-002" and mine.json()["state"] == "waiting"
    assert "Siti" not in mine.text and "0001" not in mine.text and "visit_id" not in mine.text
    place = office.http.get(f"/api/queue/public/tickets/{token}").json()
    assert place["number"] == "A-002" and place["position"] == 2
    assert place["estimated_wait_minutes"] is None  # no officer on duty: no estimate
    officer(office, "officers/sign-on", desk="Meja 1")
    place = office.http.get(f"/api/queue/public/tickets/{token}").json()
    assert place["estimated_wait_minutes"] is not None
    forged = first["visit_id"].replace("-", "") + token[32:]  # another visit, this MAC
    for path in ("/api/intake/public/visits/", "/api/queue/public/tickets/"):
        assert office.http.get(path + forged).status_code == 404
    assert office.http.get("/kunjungan/" + forged).status_code == 404


def test_the_visitor_signs_their_own_guest_book_once(office: HubClient) -> None:
    token = token_of(visit(office, walk_in(office)["visit_id"]))
    entry = {"institution_type": "perguruan_tinggi", "data_needed": "ketenagakerjaan"}
    url = f"/api/intake/public/visits/{token}/guest-book"
    signed = office.http.post(url, json=entry)
    assert signed.status_code == 200 and signed.json()["guest_book_signed"] is True
    assert office.http.post(url, json=entry).status_code == 409
    bad = office.http.post(url, json={"occupation": "astronot"})
    assert bad.status_code == 422


def test_the_survey_link_comes_after_the_consultation(office: HubClient) -> None:
    arrival = walk_in(office)
    office.hub.drain()
    token = token_of(visit(office, arrival["visit_id"]))
    url = f"/api/feedback/public/visits/{token}/survey-link"
    assert office.http.post(url).status_code == 404
    officer(office, "officers/sign-on", desk="Meja 1")
    ticket = officer(office, "call-next", queue="offline")
    officer(office, f"tickets/{ticket['ticket_id']}/start")
    officer(office, f"tickets/{ticket['ticket_id']}/complete", outcome=OUTCOME)
    issued = office.http.post(url)
    assert issued.status_code == 201, issued.text
    assert issued.json()["link"].startswith("http://127.0.0.1:8000/survei/")
    survey = office.http.get(issued.json()["link"].removeprefix("http://127.0.0.1:8000"))
    assert survey.status_code == 200


def test_public_url_is_the_base_of_every_visitor_link(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = make_memory_hub(("intake", "queue", "feedback"), public_url="http://10.0.0.5:8000/")
    view = visit(client, walk_in(client)["visit_id"])
    assert view["status_url"].startswith("http://10.0.0.5:8000/kunjungan/")


def test_a_redelivered_queue_event_changes_nothing(office: HubClient) -> None:
    arrival = walk_in(office)
    office.hub.drain()
    intake = office.hub.services["intake"]
    queue = office.hub.services["queue"]
    assert intake.handle_batch is not None and queue.application is not None
    assert queue.to_envelope is not None
    notifications = queue.application.recorder.select_notifications(0, 100)
    deliveries = [
        (envelope, Tracking("queue", n.id))
        for n in notifications
        if (envelope := queue.to_envelope(queue.application.mapper.to_domain_event(n)))
    ]
    intake.handle_batch(deliveries)  # the whole log again
    assert visit(office, arrival["visit_id"])["ticket"] == "A-001"
    assert desk(office)["count"] == 1


def test_pst_public_url_from_the_environment_is_the_links_base(
    make_memory_hub: Callable[..., HubClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PST_PUBLIC_URL", "https://pst.bps3572.example")
    client = make_memory_hub(("intake", "queue", "feedback"))
    view = visit(client, walk_in(client)["visit_id"])
    assert view["status_url"].startswith("https://pst.bps3572.example/kunjungan/")
