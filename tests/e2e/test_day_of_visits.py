"""A day of visits through the real services: HTTP -> PostgreSQL -> relays -> Kafka ->
the reporting projection (a consumer process killed inside a batch, then restarted).
The dashboard and the report then show exactly the figures of the same events' archive.

The day (minutes after the first sign-on, a few hours ago; office 3572):

| visit | channel | arrives | what happens                                         |
| w1-w4 | walk_in | 5/10/15/20 | served by ani / budi / ani / budi                 |
| w5    | walk_in | 25      | called by ani at 46, no-show at 50                   |
| w6    | walk_in | 40      | still waiting                                        |
| h1    | halopst | 12      | served by budi 32-40                                 |
| h2    | halopst | 30      | still waiting                                        |
w1-w3 answer the satisfaction survey; a complaint names budi; ani takes a break,
budi signs off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from typer.testing import CliRunner

from hub.cli import app as hub_cli
from hub.runtime import Ports
from infra.security import Role
from services.reporting.archive import read_archive
from services.reporting.dashboard import TodayView, month_so_far
from services.reporting.export import export_from_stores, verify
from services.reporting.periods import Period
from services.reporting.report import report
from services.reporting.store_postgres import PostgresStore
from standard.calendar import ServiceCalendar
from standard.office import office_settings
from tests.harness import HubClient

pytestmark = pytest.mark.integration

OFFICE = "3572"
WIB = ZoneInfo("Asia/Jakarta")
OUTCOME = {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}
SCORES = {f"U{n}": 3 + (n % 2) for n in range(1, 10)}
MakeHub = Callable[..., HubClient]


class Day:
    """Drives the services over HTTP; times are minutes after the day's start."""

    def __init__(self, client: HubClient, start: datetime) -> None:
        self.client, self.start = client, start
        self.ani = client.issue("ani", [Role.OFFICER])
        self.budi = client.issue("budi", [Role.OFFICER])

    def at(self, minute: int) -> str:
        return (self.start + timedelta(minutes=minute)).isoformat()

    def post(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
        response = self.client.http.post(path, json=body, headers=headers)
        assert response.status_code in (200, 201), (path, response.text)
        return response.json()

    def walk_in(self, minute: int, number: int) -> str:
        body = {
            "office_id": OFFICE,
            "identity_card": {"document_type": "KTP", "number": f"357201120390{number + 1:04d}"},
            "visitor": {"name": f"Pengunjung {number}", "occupation": "mahasiswa"},
            "purpose": "tugas_akhir",
            "occurred_at": self.at(minute),
        }
        receptionist = self.client.auth(Role.RECEPTIONIST)
        return str(self.post("/api/intake/walk-ins", receptionist, body)["visit_id"])

    def halopst(self, minute: int, number: int) -> str:
        body = {
            "office_id": OFFICE,
            "request_id": f"HPST-3572-E2E-{number:06d}",
            "registered_email": f"peneliti{number}@example.ac.id",
            "name": f"Peneliti {number}",
            "consultation_type": "permintaan_data",
            "visitor": {"occupation": "peneliti_dosen"},
            "occurred_at": self.at(minute),
        }
        return str(
            self.post("/api/intake/halopst/requests", self.client.auth(Role.CHANNEL), body)[
                "visit_id"
            ]
        )

    def queue(self, officer: dict[str, str], path: str, minute: int, **body: Any) -> Any:
        payload = {"office_id": OFFICE, "occurred_at": self.at(minute), **body}
        return self.post(f"/api/queue{path}", officer, payload)

    def serve(self, officer: dict[str, str], queue: str, call: int, start: int, done: int) -> str:
        ticket = self.queue(officer, "/call-next", call, queue=queue)
        path = f"/tickets/{ticket['ticket_id']}"
        self.queue(officer, f"{path}/start", start)
        self.queue(officer, f"{path}/complete", done, outcome=OUTCOME)
        return str(ticket["visit_id"])

    def survey(self, token: str) -> None:
        self.post(f"/api/feedback/public/surveys/{token}", {}, {"scores": SCORES})


def settle(client: HubClient, condition: Callable[[], bool], rounds: int = 40) -> None:
    for _ in range(rounds):
        client.hub.drain()
        if condition():
            return
    raise AssertionError("the services did not settle")


def waiting(client: HubClient, queue: str) -> int:
    response = client.http.get(f"/api/queue/queues/{queue}", headers=client.auth(Role.SUPERVISOR))
    return len(response.json()["waiting"])


def drive_the_day(client: HubClient, start: datetime) -> dict[str, str]:
    day = Day(client, start)
    day.queue(day.ani, "/officers/sign-on", 0, desk="Meja 1")
    day.queue(day.budi, "/officers/sign-on", 0, desk="Meja 2")
    for number, minute in enumerate((5, 10, 15, 20, 25, 40)):
        day.walk_in(minute, number)
    online = [day.halopst(12, 1), day.halopst(30, 2)]
    settle(client, lambda: waiting(client, "offline") == 6 and waiting(client, "online") == 2)
    served = [
        day.serve(day.ani, "offline", 8, 9, 25),
        day.serve(day.budi, "offline", 12, 13, 30),
        day.serve(day.ani, "offline", 26, 27, 45),
        day.serve(day.budi, "online", 31, 32, 40),
        day.serve(day.budi, "offline", 41, 42, 55),
    ]
    no_show = day.queue(day.ani, "/call-next", 46, queue="offline")
    day.queue(day.ani, f"/tickets/{no_show['ticket_id']}/abandon", 50, reason="no_show")
    day.queue(day.ani, "/officers/break", 60)
    day.queue(day.budi, "/officers/sign-off", 70)
    complaint = day.post(
        "/api/feedback/complaints",
        client.auth(Role.RECEPTIONIST),
        {
            "office_id": OFFICE,
            "channel": "phone",
            "kind": "complaint",
            "category": "perilaku_petugas",
            "message": "Menunggu lama.",
            "visit_id": served[1],
            "officer_id": "budi",
            "occurred_at": day.at(50),
        },
    )
    day.post(
        f"/api/feedback/complaints/{complaint['complaint_id']}/acknowledge",
        client.auth(Role.SUPERVISOR),
        {"occurred_at": day.at(65)},
    )
    links: dict[str, str] = {}
    settle(client, lambda: all(survey_link(client, visit, links) for visit in served[:3]))
    for token in links.values():
        day.survey(token)
    client.hub.drain()
    return {"h1": online[0], "h2": online[1]}


def survey_link(client: HubClient, visit_id: str, links: dict[str, str]) -> bool:
    """The survey link of a visit, once feedback has consumed its completion."""
    if visit_id not in links:
        response = client.http.post(
            f"/api/feedback/visits/{visit_id}/survey-link", headers=client.auth(Role.RECEPTIONIST)
        )
        if response.status_code == 201:
            links[visit_id] = response.json()["token"]
    return visit_id in links


def run_reporting_consumer(client: HubClient, tmp_path: Path, **extra: str) -> int:
    settings = client.hub.settings
    env = {
        **os.environ,
        "PST_MODE": "distributed",
        "DATABASE_URL": settings.database.url or "",
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka.bootstrap_servers or "",
        "PST_KAFKA_TOPIC_PREFIX": settings.kafka.topic_prefix,
        "PST_KAFKA_CLIENT": settings.kafka.client,
        "PST_VAR_DIR": str(tmp_path / "consumer-var"),
        "PST_RELAY_BATCH_SIZE": "15",  # several batches for the day
        **extra,
    }
    process = subprocess.run(
        [sys.executable, "-m", "tests.e2e.reporting_consumer"],
        env=env,
        capture_output=True,
        timeout=180,
        check=False,
    )
    return process.returncode


def as_json(value: Any) -> Any:
    return orjson.loads(orjson.dumps(value))


def test_a_day_of_visits_reaches_the_dashboard_and_report_exactly(
    make_distributed_hub: MakeHub, tmp_path: Path
) -> None:
    services = make_distributed_hub(("intake", "queue", "feedback"))
    start = (datetime.now(WIB) - timedelta(hours=3)).replace(second=0, microsecond=0)
    visits = drive_the_day(services, start)

    # The reporting consumer dies inside its second batch, and is started again.
    url = services.hub.settings.database.url
    assert url is not None
    assert run_reporting_consumer(services, tmp_path, KILL_ON_BATCH="2") == -9
    store = PostgresStore(url)
    partial = sum(store.counts().values())
    prefix = services.hub.settings.kafka.topic_prefix
    restarted = run_reporting_consumer(services, tmp_path, CONSUMER_GROUP=f"{prefix}restarted")
    assert restarted == 0
    assert sum(store.counts().values()) > partial > 0
    store.close()

    # The auditor's archive of the same events, from the services' own stores.
    archive = export_from_stores(list(services.hub.services.values()), tmp_path / "day.jsonl")
    assert verify(archive.path)
    facts, _ = read_archive(archive.path, OFFICE)
    now = datetime.now(WIB)
    period = Period(start.date(), now.date())
    expected = report(facts, office_settings(OFFICE), period, as_of=now.timestamp())

    reporting_hub = make_distributed_hub(("reporting",), Ports(clock=lambda: now))
    auditor = reporting_hub.auth(Role.AUDITOR)
    live = reporting_hub.http.get(
        f"/api/reporting/offices/{OFFICE}/reports/range",
        params={"start": period.start.isoformat(), "end": period.end.isoformat()},
        headers=auditor,
    ).json()
    for body in (live, expected):
        body["provenance"].pop("projection", None)
    assert live == as_json(expected)
    assert live["by_channel"] == {"walk_in": 6, "halopst": 2, "whatsapp": 0, "email": 0}
    assert (live["offline"]["served"], live["offline"]["abandoned"]) == (4, 1)
    assert (live["online"]["served"], live["ikm"]["responses"]) == (1, 3)
    assert live["complaints"]["filed"] == 1

    replayed = CliRunner().invoke(
        hub_cli,
        [
            "report",
            "--archive",
            str(archive.path),
            "--office",
            OFFICE,
            "--period",
            f"{period.start}..{period.end}",
            "--as-of",
            now.isoformat(),  # the moment the live report holds for
        ],
    )
    assert replayed.exit_code == 0, replayed.output
    from_archive = orjson.loads(replayed.stdout)
    from_archive["provenance"].pop("archive")
    assert from_archive == live

    dashboard = reporting_hub.http.get(
        f"/api/reporting/offices/{OFFICE}/dashboard", headers=reporting_hub.auth(Role.SUPERVISOR)
    ).json()
    calendar = ServiceCalendar(office_settings(OFFICE))
    assert dashboard["today"] == as_json(TodayView(facts, calendar, now).to_json())
    assert dashboard["month"] == as_json(month_so_far(facts, calendar, now))
    waiting_now = {row["visit_id"] for row in dashboard["today"]["waiting_now"]["visits"]}
    assert visits["h2"] in waiting_now and visits["h1"] not in waiting_now
    assert all(row["lag"] == 0 for row in dashboard["lag"])
