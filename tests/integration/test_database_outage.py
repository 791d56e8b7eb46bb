"""PostgreSQL goes away: requests answer 503 at once, nothing half-recorded, then recovery.

A private PostgreSQL and Kafka from deploy/local/stack.sh; the postmaster is stopped
(a fast shutdown) while staff keep working, then started again.
"""

from __future__ import annotations

import os
import signal
import threading
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.security import Role
from infra.settings import DatabaseSettings, KafkaSettings
from services.intake.application import IntakeApplication
from services.intake.tests.payloads import fixture_json
from tests.harness import HubClient, wait_until
from tests.stack import stack

pytestmark = pytest.mark.integration

HANG = 30.0  # a request still running after this long is a hang, not a slow answer


def walk_in(client: HubClient, card: str) -> Any:
    body = fixture_json("walk_in.json")
    body["identity_card"] = {**body["identity_card"], "number": card}
    return client.http.post(
        "/api/intake/walk-ins", json=body, headers=client.auth(Role.RECEPTIONIST)
    )


def answered_within_hang(call: Any) -> Any:
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(HANG)
    assert result, f"no answer within {HANG}s: the request hangs"
    return result[0]


def stop_postgres(state: Path, url: str) -> None:
    pid_file = (state / "pg").resolve() / "data" / "postmaster.pid"
    # A fast shutdown (SIGINT): the test stack runs with fsync off for speed, so an
    # immediate one would lose its last commits, which a real server's WAL keeps.
    os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)

    def refused() -> bool:
        try:
            psycopg.connect(url, connect_timeout=2).close()
        except psycopg.OperationalError:
            return True
        return False

    wait_until(refused, 30)


def test_a_database_outage_answers_503_and_records_nothing_half(
    private_stack: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    state, env = private_stack
    settings = HubSettings(
        var_dir=tmp_path / "var",
        mode="distributed",
        database=DatabaseSettings(url=env["DATABASE_URL"]),
        kafka=KafkaSettings(bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"]),
    )
    ctx = ServiceContext.from_settings(settings)
    client = HubClient(Hub(settings, load_services(settings, ctx, ("intake", "reporting"))))
    dashboard = "/api/reporting/offices/3572/dashboard"
    assert walk_in(client, "3572 0112 0390 0001").status_code == 201
    assert client.http.get(dashboard, headers=client.auth(Role.SUPERVISOR)).status_code == 200

    stop_postgres(state, env["DATABASE_URL"])
    during = answered_within_hang(lambda: walk_in(client, "3572 0112 0390 0002"))
    assert during.status_code == 503, during.text
    assert int(during.headers["Retry-After"]) > 0
    assert during.json()["detail"][0]["type"] == "unavailable"
    ready = answered_within_hang(lambda: client.http.get("/health/ready"))
    assert ready.status_code == 503 and ready.json()["ready"] is False
    board = answered_within_hang(
        lambda: client.http.get(dashboard, headers=client.auth(Role.SUPERVISOR))
    )
    assert board.status_code == 503

    stack("up", state)  # the same cluster, on the same port, with its data
    wait_until(lambda: client.http.get("/health/ready").status_code == 200, 60, 0.5)
    # every pool replaced the connections the restart killed: the first request to each
    # store answers (no stale-connection 500, AdminShutdown, for minutes)
    supervisor = client.auth(Role.SUPERVISOR)
    assert client.http.get(dashboard, headers=supervisor).status_code == 200
    report = client.http.get(
        f"/api/reporting/offices/3572/reports?period={date.today():%Y}", headers=supervisor
    )
    assert report.status_code == 200, report.text
    assert walk_in(client, "3572 0112 0390 0003").status_code == 201

    intake = client.hub.container(IntakeApplication)
    arrivals = [
        n for n in intake.recorder.select_notifications(0, 100) if n.topic.endswith("Visit.Arrived")
    ]
    assert len(arrivals) == 2  # the refused request recorded nothing
    client.hub.stop()
