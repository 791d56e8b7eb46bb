"""An officer answers a WhatsApp visitor from the console, in the real Chromium against the
hub served by uvicorn with its consumers and its deliverer running (in memory): the
signed message arrives, the officer calls the online ticket, reads the message, is told
the answer goes as free text, sends it; the local Graph API stand-in receives it once,
and Meta's status webhooks (delivered, read) show in the console."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from infra.security import Role
from services.intake.tests.payloads import WHATSAPP_SECRET, fixture_json, post_whatsapp
from tests.browser import StaffPage
from tests.e2e.test_queue_pages import CONSOLE, OVERFLOW, PHONE, Office
from tests.fakes.mailbox import Mailbox
from tests.fakes.whatsapp_graph import GraphServer, status_webhook
from tests.harness import HubClient, wait_until

pytestmark = pytest.mark.browser

VISITOR = "6281234567890"
ASKED = "Selamat pagi, saya Budi. Saya butuh data IPM Kota Blitar 2020-2025."
ANSWER = "Data IPM Kota Blitar 2020-2025 ada di blitarkota.bps.go.id/indicator/26"
SCREENSHOTS = "/tmp/pst-online-console-{}.png"
WALK_IN_STEPS = ("#recall", "#no-show", "#left")


@pytest.fixture
def office(
    sending: tuple[GraphServer, Mailbox],
    monkeypatch: pytest.MonkeyPatch,
    make_memory_hub: Callable[..., HubClient],
    live_hub: Callable[[HubClient], str],
) -> Office:
    monkeypatch.setenv("PST_INTAKE_WHATSAPP_APP_SECRET", WHATSAPP_SECRET)
    client = make_memory_hub(("intake", "queue", "staff"))
    client.hub.start()  # consumers and the deliverer in background threads, as `hub run`
    return Office(client, live_hub(client))


def whatsapp_arrives(client: HubClient, graph: GraphServer, age_seconds: int = 0) -> None:
    """Meta posts the visitor's message, signed with the app secret, timestamped now (or
    `age_seconds` ago)."""
    payload = fixture_json("whatsapp_text.json")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["timestamp"] = str(int(time.time()) - age_seconds)
    graph.visitor_wrote(VISITOR)
    response = post_whatsapp(client, json.dumps(payload).encode())
    assert response.status_code == 200, response.text


def meta_reports(client: HubClient, graph: GraphServer, text: str, *statuses: str) -> None:
    [accepted] = [a for a in graph.accepted if a.text == text]
    for status in statuses:
        response = post_whatsapp(client, json.dumps(status_webhook(accepted, status)).encode())
        assert response.status_code == 200, response.text


def sign_on_and_call_online(page: Page) -> None:
    page.get_by_label("Meja").fill("Daring 1")
    page.get_by_role("button", name="Mulai bertugas").click()
    expect(page.locator("#duty-status")).to_contain_text("Bertugas di Daring 1")
    expect(page.locator("#online-list tbody tr")).to_have_count(1)  # queued by the consumer
    page.get_by_label("Daring (halopst, WhatsApp, e-mail)").check()
    page.get_by_role("button", name="Panggil berikutnya").click()
    expect(page.locator("#ticket-number")).to_have_text("O-001")


def test_an_officer_answers_a_whatsapp_visitor_from_the_console(
    office: Office, staff_page: StaffPage, graph: GraphServer
) -> None:
    whatsapp_arrives(office.client, graph)
    page = staff_page(
        office.client, office.url, [Role.OFFICER], subject="petugas-ani", viewport=CONSOLE
    )
    page.goto("/petugas")
    sign_on_and_call_online(page)

    panel = page.locator("#conversation")
    expect(panel).to_be_visible()
    expect(panel.locator("#conversation-channel")).to_have_text("WhatsApp")
    expect(panel.locator("#conversation-contact")).to_have_text("62812****7890")  # masked
    visitor = panel.locator(".message.in")
    expect(visitor).to_have_count(1)
    expect(visitor.locator(".text")).to_have_text(ASKED)
    expect(page.locator("#answer-mode")).to_contain_text("teks bebas")
    expect(page.locator("#unreachable")).to_be_visible()
    for step in WALK_IN_STEPS:  # walk-in steps are not offered on an online ticket
        expect(page.locator(step)).to_be_hidden()
    expect(page.locator("#start")).to_be_visible()

    page.get_by_label("Jawaban untuk pengunjung").fill(ANSWER)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("#answer-text")).to_have_value("")
    answer = panel.locator(".message.out").filter(has_text=ANSWER)
    expect(answer).to_have_count(1)
    expect(answer.locator(".message-head")).to_contain_text("Jawaban · petugas-ani")
    wait_until(lambda: [a for a in graph.accepted if a.text == ANSWER], 30)
    expect(answer.locator(".delivery")).to_have_text("Status: terkirim")
    time.sleep(1)  # more rounds of the deliverer: nothing is sent twice
    sent = [a for a in graph.accepted if a.text == ANSWER]
    assert [(a.to, a.body["type"]) for a in sent] == [(VISITOR, "text")]

    meta_reports(office.client, graph, ANSWER, "delivered", "read")
    expect(answer.locator(".delivery")).to_have_text("Status: dibaca")  # within a refresh
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=SCREENSHOTS.format("1366"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) <= 0  # fits a phone without sideways scrolling
    page.screenshot(path=SCREENSHOTS.format("390"), full_page=True)
    page.set_viewport_size(CONSOLE)

    # Closed as answered by completing the consultation: the ticket and its panel go.
    page.get_by_role("button", name="Mulai konsultasi").click()
    expect(page.locator("#ticket-meta")).to_contain_text("Konsultasi sejak")
    expect(page.locator("#unreachable")).to_be_visible()
    page.get_by_role("button", name="Selesaikan…").click()
    form = page.locator("#complete-form")
    expect(form.locator("#complete-online-note")).to_be_visible()
    form.get_by_role("group", name="Data yang dicari diberikan?").get_by_label("Ya").check()
    form.get_by_role("group", name="Perlu tindak lanjut?").get_by_label("Tidak").check()
    page.get_by_role("button", name="Simpan dan selesaikan").click()
    expect(page.locator("#ticket-area")).to_be_hidden()
    expect(panel).to_be_hidden()
    visit = office.client.http.get(
        "/api/intake/visits/" + visit_of(office) + "/conversation",
        headers=office.client.auth(Role.OFFICER),
    ).json()
    assert visit["outcome"] == "answered" and visit["departed_at"] is not None


def visit_of(office: Office) -> str:
    completed = (e for e in office.published() if e.event_type == "ConsultationCompleted")
    tickets = [e.data["visit_id"] for e in completed]
    assert len(tickets) == 1, tickets
    return str(tickets[0])


def test_a_visitor_who_cannot_be_reached_is_closed_from_the_console(
    office: Office, staff_page: StaffPage, graph: GraphServer
) -> None:
    whatsapp_arrives(office.client, graph, age_seconds=365 * 24 * 3600)  # a year-old stamp
    page = staff_page(office.client, office.url, [Role.OFFICER], subject="petugas-ani")
    page.goto("/petugas")
    sign_on_and_call_online(page)
    visitor = page.locator("#conversation .message.in")
    expect(visitor.locator(".text")).to_have_text(ASKED)
    expect(visitor.locator(".clock-flag")).to_contain_text("stempel waktu saluran tidak dipercaya")
    expect(page.locator("#ticket-note")).to_have_text(
        "Kirim jawaban dulu; setelah itu kunjungan dapat ditutup sebagai terjawab."
    )

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tidak dapat dihubungi").click()
    expect(page.locator("#ticket-area")).to_be_hidden()  # intake closed it; the queue cancels
    expect(page.locator("#conversation")).to_be_hidden()
    expect(page.locator("#call-hint")).to_have_text("Tidak ada pengunjung di meja Anda.")
    [abandoned] = [e for e in office.published() if e.event_type == "VisitAbandoned"]
    assert abandoned.data["reason"] == "cancelled"
