"""Officer-console scenarios over HTTP, run on the in-memory hub and on PostgreSQL + Kafka."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from infra.security import Role
from services.queue.application import QueueApplication
from tests.harness import HubClient

OFFICE = "3572"
WALK_IN = {
    "office_id": OFFICE,
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa", "gender": "P"},
    "purpose": "tugas_akhir",
    "occurred_at": "2026-03-17T08:10:00+07:00",
}
OUTCOME = {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}


def walk_in(client: HubClient, occurred_at: str = "2026-03-17T08:10:00+07:00") -> str:
    """A walk-in registered at reception; returns the visit id (drain to get its ticket)."""
    body = {**WALK_IN, "occurred_at": occurred_at}
    response = client.http.post(
        "/api/intake/walk-ins", json=body, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["visit_id"])


def settle(client: HubClient, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Drain relays and consumers until `condition` holds (a Kafka group may take a while
    to be assigned its partitions, and one drain stops at the first empty poll)."""
    deadline = time.monotonic() + timeout
    while True:
        client.hub.drain()
        if condition():
            return
        assert time.monotonic() < deadline, "the hub did not settle in time"
        time.sleep(0.1)


def queue_app(client: HubClient) -> QueueApplication:
    app = client.hub.services["queue"].application
    assert isinstance(app, QueueApplication)
    return app


def waiting_count(client: HubClient, queue: str = "offline") -> int:
    app = queue_app(client)
    app.board.catch_up()
    return len(app.board.waiting(OFFICE, queue))


def step(
    client: HubClient, headers: dict[str, str], path: str, expected: int = 200, **body: Any
) -> dict[str, Any]:
    response = client.http.post(
        f"/api/queue{path}", json={"office_id": OFFICE, **body}, headers=headers
    )
    assert response.status_code == expected, response.text
    return dict(response.json())


def serve_one_visitor(client: HubClient) -> dict[str, Any]:
    """Sign on, call, recall, start, complete; returns the completed ticket."""
    ani = client.issue("petugas-ani", [Role.OFFICER])
    walk_in(client)
    settle(client, lambda: waiting_count(client) == 1)
    step(client, ani, "/officers/sign-on", desk="Meja 1", occurred_at="2026-03-17T07:55:00+07:00")
    called = step(
        client, ani, "/call-next", queue="offline", occurred_at="2026-03-17T08:15:00+07:00"
    )
    assert (called["number"], called["state"], called["desk"]) == ("A-001", "called", "Meja 1")
    ticket = f"/tickets/{called['ticket_id']}"
    step(client, ani, f"{ticket}/recall", occurred_at="2026-03-17T08:16:00+07:00")
    step(client, ani, f"{ticket}/start", occurred_at="2026-03-17T08:17:00+07:00")
    done = step(
        client, ani, f"{ticket}/complete", outcome=OUTCOME, occurred_at="2026-03-17T08:35:00+07:00"
    )
    assert done["state"] == "completed" and done["outcome"] == OUTCOME
    return done


def loc_of(response: Any) -> list[str]:
    return list(response.json()["detail"][0]["loc"])


def assert_rejections(client: HubClient) -> None:
    """Every refused transition answers a clear 4xx naming the field, and changes nothing."""
    ani = client.issue("petugas-ani", [Role.OFFICER])
    budi = client.issue("petugas-budi", [Role.OFFICER])
    walk_in(client)
    walk_in(client, "2026-11-25T08:11:00+07:00")
    settle(client, lambda: waiting_count(client) == 2)

    def refused(headers: dict[str, str], path: str, status: int, field: str, **body: Any) -> None:
        response = client.http.post(
            f"/api/queue{path}", json={"office_id": OFFICE, **body}, headers=headers
        )
        assert response.status_code == status, (path, response.text)
        assert field in loc_of(response), (path, response.text)

    refused(ani, "/call-next", 404, "officer_id", queue="offline")  # never signed on
    step(client, ani, "/officers/sign-on", desk="Meja 1")
    refused(ani, "/officers/sign-on", 409, "officer_id", desk="Meja 1")  # twice
    refused(ani, "/officers/break/end", 409, "officer_id")  # no break to end
    refused(ani, "/call-next", 404, "queue", queue="online")  # nobody waits online
    refused(ani, "/call-next", 422, "queue", queue="vip")
    ticket = step(client, ani, "/call-next", queue="offline")
    path = f"/tickets/{ticket['ticket_id']}"
    waiting = client.http.get("/api/queue/queues/offline", headers=ani).json()["waiting"]
    still_waiting = f"/tickets/{waiting[0]['ticket_id']}"
    refused(ani, f"{still_waiting}/start", 409, "ticket_id")  # not called yet
    refused(ani, f"{still_waiting}/recall", 409, "ticket_id")
    refused(ani, f"{still_waiting}/complete", 409, "ticket_id", outcome=OUTCOME)
    refused(ani, f"{still_waiting}/transfer", 409, "ticket_id", to_officer_id="petugas-budi")
    refused(ani, "/call-next", 409, "officer_id", queue="offline")  # hands full
    refused(ani, "/officers/break", 409, "officer_id")  # not with a visitor waiting at the desk
    refused(ani, "/officers/sign-off", 409, "officer_id")
    refused(budi, f"{path}/recall", 409, "officer_id")  # not holding it
    refused(budi, f"{path}/abandon", 409, "officer_id", reason="no_show")
    refused(ani, f"{path}/complete", 409, "ticket_id", outcome=OUTCOME)  # not started
    refused(budi, f"{path}/start", 409, "officer_id")  # not holding it
    refused(ani, f"{path}/start", 422, "occurred_at", occurred_at="2026-03-17T08:00:00+07:00")
    refused(ani, f"{path}/start", 422, "occurred_at", occurred_at="2026-03-17T08:20:00")
    step(client, ani, f"{path}/start")
    refused(ani, f"{path}/start", 409, "ticket_id")  # twice
    refused(ani, f"{path}/abandon", 409, "ticket_id", reason="no_show")  # started
    refused(ani, f"{path}/abandon", 422, "reason", reason="bored")
    refused(ani, f"{path}/transfer", 409, "to_officer_id", to_officer_id="petugas-budi")
    refused(
        ani,
        f"{path}/complete",
        422,
        "topics",
        outcome={**OUTCOME, "topics": ["Budi minta data kemiskinan"]},
    )  # no free text
    refused(ani, f"{path}/complete", 422, "follow_up", outcome={"data_provided": True})
    refused(ani, "/tickets/7f0e6d5c-0000-4000-8000-000000000000/start", 404, "ticket_id")
    refused(ani, "/tickets/not-a-uuid/start", 422, "ticket_id")
    after = client.http.get(f"/api/queue{path}", headers=ani).json()
    assert after["state"] == "in_consultation" and after["officer_id"] == "petugas-ani"
    step(client, ani, f"{path}/complete", outcome=OUTCOME)
    refused(ani, f"{path}/complete", 409, "ticket_id", outcome=OUTCOME)  # twice
    refused(ani, f"{path}/recall", 409, "ticket_id")
