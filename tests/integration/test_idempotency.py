"""Idempotent writes (issue 15): a client that retries after a timeout never records a
second visit; the same key with another body is refused naming the header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from infra.security import Role
from services.intake.tests.payloads import event_types, fixture_json, intake_app
from tests.harness import HubClient

pytestmark = pytest.mark.integration

MakeHub = Callable[..., HubClient]


def walk_in(client: HubClient, key: str | None, **changes: Any) -> Any:
    headers = client.auth(Role.RECEPTIONIST)
    if key is not None:
        headers["Idempotency-Key"] = key
    body = {**fixture_json("walk_in.json"), **changes}
    return client.http.post("/api/intake/walk-ins", json=body, headers=headers)


def check_replays(client: HubClient) -> None:
    first = walk_in(client, "7f1c2a4e-retry-1")
    again = walk_in(client, "7f1c2a4e-retry-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert event_types(intake_app(client)).count("VisitorArrived") == 1

    other = walk_in(client, "7f1c2a4e-retry-1", purpose="penelitian")
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert event_types(intake_app(client)).count("VisitorArrived") == 1

    # Another caller's same key is theirs alone; a request without a key is not replayed.
    second_desk = client.issue("resepsionis-2", [Role.RECEPTIONIST])
    body = fixture_json("walk_in.json")
    theirs = client.http.post(
        "/api/intake/walk-ins",
        json=body,
        headers={**second_desk, "Idempotency-Key": "7f1c2a4e-retry-1"},
    )
    assert theirs.status_code == 201 and theirs.json()["visit_id"] != first.json()["visit_id"]
    assert walk_in(client, None).json()["visit_id"] != first.json()["visit_id"]

    refused = walk_in(client, "7f1c2a4e-refused", identity_card=None)
    assert refused.status_code == 422  # not kept: nothing was recorded, the retry may run
    assert walk_in(client, "7f1c2a4e-refused").status_code == 201

    malformed = walk_in(client, "a key with spaces")
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]


def test_a_retried_walk_in_on_postgres_is_one_visit(make_distributed_hub: MakeHub) -> None:
    check_replays(make_distributed_hub(("intake",)))


def test_a_retried_walk_in_on_sqlite_is_one_visit(tmp_path: Any) -> None:
    from hub.runtime import Hub, load_services
    from hub.settings import HubSettings
    from infra.context import ServiceContext

    settings = HubSettings(var_dir=tmp_path / "var")
    hub = Hub(
        settings, load_services(settings, ServiceContext.from_settings(settings), ("intake",))
    )
    try:
        check_replays(HubClient(hub))
    finally:
        hub.stop()


def test_a_retried_queue_command_is_answered_once(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    headers = {**client.auth(Role.OFFICER), "Idempotency-Key": "sign-on-1"}
    body = {"office_id": "3572", "desk": "Meja 1", "occurred_at": "2026-03-17T07:50:00+07:00"}
    first = client.http.post("/api/queue/officers/sign-on", json=body, headers=headers)
    again = client.http.post("/api/queue/officers/sign-on", json=body, headers=headers)
    assert first.status_code == 200, first.text
    assert again.json() == first.json() and again.headers.get("Idempotent-Replayed") == "true"


def test_the_header_is_declared_in_the_openapi(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub()
    paths = client.http.get("/openapi.json").json()["paths"]
    for path in (
        "/api/intake/walk-ins",
        "/api/intake/halopst/requests",
        "/api/intake/visits/{visit_id}/guest-book",
        "/api/queue/call-next",
        "/api/feedback/complaints",
    ):
        names = [p["name"] for p in paths[path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
