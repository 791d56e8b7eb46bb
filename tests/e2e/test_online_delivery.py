"""Online visitors answered end to end on PostgreSQL + Kafka, by real `hub run` processes.

A WhatsApp message arrives; the officer, made with `hub users add`, signs in in Chromium,
calls the online ticket in the console and answers there; the sending process is
SIGKILLed while its request to the Graph API is in flight
(recorded, not yet accepted); a fresh process sends it: the local Graph API stand-in
receives exactly one message with the right text and recipient. Then, on the fresh
process: the survey invitation after the consultation goes out on WhatsApp, an e-mail
request is answered in its thread on aiosmtpd, a complaint's response reaches the
complainant's e-mail, and the report's online wait is the time to the first answer sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from services.intake.tests.payloads import EMAIL_KEY, WHATSAPP_SECRET, fixture_bytes, fixture_json
from standard.calendar import ServiceCalendar
from standard.office import BLITAR
from tests.browser import PAGE_TIMEOUT_MS, sign_in
from tests.delivery import delivery_environment
from tests.e2e.test_online_console import sign_on_and_call_online
from tests.fakes.mailbox import Mailbox, free_port
from tests.fakes.whatsapp_graph import GraphServer
from tests.harness import wait_until
from tests.ops.processes import machine_token

pytestmark = [pytest.mark.integration, pytest.mark.browser]
OFFICER = "petugas.daring"
PASSWORD = "sandi-petugas-daring-panjang"
HUB = str(Path(sys.executable).with_name("hub"))
VISITOR = "6281234567890"
ANSWER = "Data IPM Kota Blitar 2020-2025 ada di blitarkota.bps.go.id/indicator/26"


class HubProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        roles = "api,relay,consumer,delivery"
        self.process = subprocess.Popen(
            [HUB, "run", "--roles", roles, "--port", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while not self.ready():
            assert self.process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "hub did not start"
            time.sleep(0.3)
        self.http = httpx.Client(base_url=self.url, timeout=30)

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def environment(
    tmp_path: Path,
    postgres_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    graph: GraphServer,
    mailbox: Mailbox,
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PST_") and key not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")
    }
    return {
        **env,
        **delivery_environment(graph, mailbox),
        "PST_MODE": "distributed",
        "DATABASE_URL": postgres_url,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "PST_KAFKA_TOPIC_PREFIX": topic_prefix,
        "PST_VAR_DIR": str(tmp_path / "var"),
        "PST_INTAKE_WHATSAPP_APP_SECRET": WHATSAPP_SECRET,
        "PST_INTAKE_WHATSAPP_VERIFY_TOKEN": "verify",
        "PST_INTAKE_EMAIL_GATEWAY_KEY": EMAIL_KEY,
        "PST_DELIVERY_IN_FLIGHT_GRACE_SECONDS": "2",
        # The killed process's partitions move to the fresh one after this silence.
        "PST_KAFKA_SESSION_TIMEOUT_MS": "6000",
    }


@pytest.fixture
def processes(environment: dict[str, str], tmp_path: Path) -> Iterator[list[HubProcess]]:
    started: list[HubProcess] = []
    yield started
    for process in started:
        process.stop()


def signed(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def whatsapp_arrives(hub: HubProcess, graph: GraphServer) -> str:
    payload = fixture_json("whatsapp_text.json")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()))
    body = json.dumps(payload).encode()
    graph.visitor_wrote(VISITOR)
    response = hub.http.post(
        "/api/intake/whatsapp/webhook",
        content=body,
        headers={"X-Hub-Signature-256": signed(body, WHATSAPP_SECRET)},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["visit_ids"][0])


def texts_to(graph: GraphServer, text: str) -> list[Any]:
    return [a for a in graph.accepted if a.text == text]


def admin(environment: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {machine_token(environment)}"}


def test_answers_reach_visitors_once_even_when_the_sender_is_killed(
    environment: dict[str, str],
    processes: list[HubProcess],
    graph: GraphServer,
    mailbox: Mailbox,
    tmp_path: Path,
    browser: Browser,
) -> None:
    first = HubProcess(environment, tmp_path / "hub-a.log")
    processes.append(first)
    auth = admin(environment)
    add_officer(environment)
    visit_id = whatsapp_arrives(first, graph)
    wait_until(lambda: len(graph.accepted) == 1, 30)  # the acknowledgement
    page = officer_in_the_console(browser, first.url)
    graph.hold()
    page.get_by_label("Jawaban untuk pengunjung").fill(ANSWER)
    page.get_by_role("button", name="Kirim jawaban").click()
    wait_until(lambda: graph.state.held >= 1, 30)  # the request is in flight...
    first.kill()  # ...and its process dies before the Graph API accepted it
    page.context.close()
    graph.release()
    assert texts_to(graph, ANSWER) == []

    second = HubProcess(environment, tmp_path / "hub-b.log")
    processes.append(second)
    wait_until(lambda: len(texts_to(graph, ANSWER)) >= 1, 60)
    time.sleep(3)  # more rounds of the deliverer: nothing is sent again
    [sent] = texts_to(graph, ANSWER)
    assert sent.to == VISITOR and sent.body["type"] == "text"

    conversation = second.http.get(f"/api/intake/visits/{visit_id}/conversation", headers=auth)
    [answer] = [m for m in conversation.json()["messages"] if m.get("purpose") == "answer"]
    assert answer["status"] == "sent" and answer["attempts"] == 2

    serve_and_invite(second, auth, graph)
    email_answered_in_its_thread(second, auth, mailbox)
    complaint_answered(second, auth, mailbox)
    online_wait_is_the_time_to_the_first_answer(second, auth, conversation.json(), answer)


def add_officer(environment: dict[str, str]) -> None:
    """An officer made as an office's admin does, in the shell, with a password."""
    command = [HUB, "users", "add", OFFICER, "--name", "Rina Petugas Daring", "--role"]
    done = subprocess.run(
        [*command, "officer", "--office", "3572", "--password-stdin"],
        env=environment,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def officer_in_the_console(browser: Browser, url: str) -> Page:
    """The officer signs in, goes on duty and calls the online ticket, whose conversation
    shows the visitor's message."""
    context = browser.new_context(base_url=url, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, OFFICER, PASSWORD)
    page.goto("/petugas")
    sign_on_and_call_online(page)
    expect(page.locator("#conversation .message.in")).to_have_count(1)
    return page


def serve_and_invite(hub: HubProcess, auth: dict[str, str], graph: GraphServer) -> None:
    """The consultation the officer called completes (a supervisor's token acting for the
    officer, on the fresh process): the survey invitation goes out on the visit's WhatsApp."""
    office = {"office_id": "3572", "officer_id": OFFICER}
    found = hub.http.get("/api/queue/officers", params={"office_id": "3572"}, headers=auth)
    [serving] = [o["serving_ticket_id"] for o in found.json() if o["officer_id"] == OFFICER]
    path = f"/api/queue/tickets/{serving}"
    assert hub.http.post(f"{path}/start", json=office, headers=auth).status_code in (200, 201)
    outcome = {"data_provided": True, "topics": ["ipm"], "follow_up": False}
    done = hub.http.post(f"{path}/complete", json={**office, "outcome": outcome}, headers=auth)
    assert done.status_code in (200, 201), done.text
    wait_until(lambda: [a for a in graph.accepted if "/survei/" in (a.text or "")], 60)
    [invitation] = [a for a in graph.accepted if "/survei/" in (a.text or "")]
    assert invitation.to == VISITOR


def email_answered_in_its_thread(hub: HubProcess, auth: dict[str, str], mailbox: Mailbox) -> None:
    raw = fixture_bytes("email_plain.eml").replace(b"Date: Tue, 17 Mar 2026 09:12:00 +0700\n", b"")
    response = hub.http.post(
        "/api/intake/email/inbound",
        content=raw,
        headers={"X-Pst-Signature-256": signed(raw, EMAIL_KEY)},
    )
    assert response.status_code == 200, response.text
    [visit_id] = response.json()["visit_ids"]
    text = "Data kemiskinan Kota Blitar terlampir pada tautan berikut."
    hub.http.post(f"/api/intake/visits/{visit_id}/answers", json={"text": text}, headers=auth)
    wait_until(lambda: [m for _, m in mailbox.messages if text in m.get_content()], 30)
    [mail] = [m for _, m in mailbox.messages if text in m.get_content()]
    original = "<CAF8x2Yq=rina.20260317091200@mail.example.com>"
    assert mail["To"] == "rina.wulandari@example.com"
    assert mail["In-Reply-To"] == original and original in mail["References"]
    assert str(mail["Subject"]).startswith("Re: ")


def complaint_answered(hub: HubProcess, auth: dict[str, str], mailbox: Mailbox) -> None:
    filed = hub.http.post(
        "/api/feedback/public/complaints",
        json={
            "office_id": "3572",
            "kind": "complaint",
            "category": "waktu_pelayanan",
            "message": "Antrean konsultasi hari Senin lebih dari satu jam.",
            "contact": {"name": "Budi Santoso", "email": "budi@example.org"},
        },
    )
    assert filed.status_code == 201, filed.text
    path = f"/api/feedback/complaints/{filed.json()['complaint_id']}"
    response = "Jadwal petugas ditambah pada hari Senin."
    acknowledged = hub.http.post(f"{path}/acknowledge", json={}, headers=auth)
    assert acknowledged.status_code == 200, acknowledged.text
    resolved = hub.http.post(f"{path}/resolve", json={"response": response}, headers=auth)
    assert resolved.status_code == 200, resolved.text
    wait_until(lambda: [m for r, m in mailbox.messages if r == ["budi@example.org"]], 30)
    [(_, mail)] = [(r, m) for r, m in mailbox.messages if r == ["budi@example.org"]]
    assert response in mail.get_content()


def online_wait_is_the_time_to_the_first_answer(
    hub: HubProcess, auth: dict[str, str], conversation: dict[str, Any], answer: dict[str, Any]
) -> None:
    calendar = ServiceCalendar(BLITAR)
    arrived = datetime.fromisoformat(conversation["arrived_at"])
    sent = datetime.fromisoformat(answer["sent_at"])
    expected = round(calendar.business_seconds(arrived.timestamp(), sent.timestamp()) / 60, 2)
    day = calendar.local_date(arrived).isoformat()
    url = f"/api/reporting/offices/3572/reports/range?start={day}&end={day}"

    def whatsapp() -> dict[str, Any]:
        report = hub.http.get(url, headers=auth).json()
        return dict(report["online"]["by_channel"].get("whatsapp") or {})

    wait_until(lambda: whatsapp().get("served") == 1, 30, interval=0.5)
    report = hub.http.get(url, headers=auth).json()
    assert report["online"]["first_response"]["answer_sent"] >= 1
    assert whatsapp()["wait_minutes"]["max"] == expected
