"""The dashboard's server-sent-events stream."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import orjson
import pytest
from fastapi import Request

from hub.runtime import Ports
from infra.roles import Principal
from infra.security import Role
from services.reporting.live import LiveReporting
from services.reporting.settings import ReportingSettings
from services.reporting.tests.live.support import arrival, deliveries, wib
from tests.harness import HubClient

STREAM = "/api/reporting/offices/3572/dashboard/stream"


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("reporting",), Ports(clock=lambda: wib(17, 10)))


def reporting(client: HubClient) -> LiveReporting:
    return client.hub.container(LiveReporting)


def events(lines: Iterator[str]) -> Iterator[tuple[str, dict]]:
    """(event name, data) of each server-sent event."""
    name, data = "", b""
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = line.removeprefix("data: ").encode()
        elif not line and name:
            yield name, orjson.loads(data)
            name, data = "", b""


def test_a_snapshot_comes_at_once_and_again_within_a_second_of_new_events(client: HubClient):
    with client.http.stream(
        "GET", STREAM, params={"limit": 2}, headers=client.auth(Role.SUPERVISOR)
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response.iter_lines())
        name, first = next(stream)
        assert (name, first["today"]["visitors"]) == ("snapshot", 0)
        batch = deliveries([arrival("v1", wib(17, 9, 55))])
        started = time.monotonic()
        threading.Timer(0.1, reporting(client).projection.handle_batch, [batch]).start()
        _, second = next(stream)
        assert second["today"]["visitors"] == 1
        assert time.monotonic() - started < 1.0
        assert second["today"]["waiting_now"]["total"] == 1


def test_a_quiet_stream_still_sends_a_fresh_snapshot_each_heartbeat(
    make_memory_hub: Callable[..., HubClient],
):
    client = make_memory_hub(
        ("reporting",),
        Ports(clock=lambda: wib(17, 10)),
        reporting=ReportingSettings(heartbeat_seconds=0.2, poll_seconds=0.05),
    )
    with client.http.stream(
        "GET", STREAM, params={"limit": 2}, headers=client.auth(Role.AUDITOR)
    ) as response:
        started = time.monotonic()
        names = [name for name, _ in events(response.iter_lines())]
    assert names == ["snapshot", "snapshot"]
    assert 0.15 < time.monotonic() - started < 2


def test_an_officer_streams_only_today(client: HubClient):
    with client.http.stream(
        "GET", STREAM, params={"limit": 1}, headers=client.auth(Role.OFFICER)
    ) as response:
        [(_, snapshot)] = list(events(response.iter_lines()))
    assert "month" not in snapshot and "today" in snapshot


def test_a_stream_needs_a_known_token(client: HubClient):
    unknown = {"Authorization": "Bearer pst_nope"}
    assert client.http.get(STREAM, params={"limit": 1}, headers=unknown).status_code == 401
    assert client.http.get(STREAM, params={"limit": 1}).status_code == 401


def test_a_token_in_the_url_is_not_accepted(client: HubClient):
    """A credential in a URL ends up in logs, history and Referer: the stream reads none."""
    token = client.token[Role.SUPERVISOR]
    for params in ({"token": token}, {"access_token": token}):
        refused = client.http.get(STREAM, params={**params, "limit": 1})
        assert refused.status_code == 401, params
    assert (
        client.http.get(f"/api/reporting/offices/3572/dashboard?token={token}").status_code == 401
    )


class OneSession:
    """A stand-in for the staff service's sessions: the cookie `pst_session=<subject>`."""

    def __init__(self, *people: Principal) -> None:
        self.people = {person.subject: person for person in people}

    def principal(self, request: Request) -> Principal | None:
        return self.people.get(request.cookies.get("pst_session", ""))


def test_the_stream_follows_the_session_cookie(client: HubClient):
    sri = Principal("sri.wahyuni", frozenset({Role.SUPERVISOR}), "3572")
    client.app.state.sessions = OneSession(sri)
    client.http.cookies.set("pst_session", "sri.wahyuni")
    with client.http.stream("GET", STREAM, params={"limit": 1}) as response:
        assert response.status_code == 200
        [(name, snapshot)] = list(events(response.iter_lines()))
    assert name == "snapshot" and "month" in snapshot
    client.http.cookies.set("pst_session", "someone-signed-out")
    assert client.http.get(STREAM, params={"limit": 1}).status_code == 401


def test_a_receptionist_may_not_stream(client: HubClient):
    headers = client.auth(Role.RECEPTIONIST)
    assert client.http.get(STREAM, params={"limit": 1}, headers=headers).status_code == 403
