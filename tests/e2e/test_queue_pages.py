"""An officer serves a walk-in from the console while the waiting-room TV shows the call,
in the real Chromium against the hub served by uvicorn with its consumers running."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from events import Envelope
from infra.security import Role
from tests.harness import OFFICE, HubClient

pytestmark = pytest.mark.browser

CONSOLE: ViewportSize = {"width": 1366, "height": 768}
TV: ViewportSize = {"width": 1920, "height": 1080}
SCREENSHOTS = "/tmp/pst-queue-{}.png"
WALK_IN = {
    "office_id": OFFICE,
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa", "gender": "P"},
    "purpose": "tugas_akhir",
}


@dataclass
class Office:
    client: HubClient
    url: str

    def walk_in(self) -> None:
        """Reception registers a walk-in; the hub's consumers queue it in the background."""
        response = self.client.http.post(
            "/api/intake/walk-ins", json=WALK_IN, headers=self.client.auth(Role.RECEPTIONIST)
        )
        assert response.status_code == 201, response.text

    def published(self) -> list[Envelope]:
        service = self.client.hub.services["queue"]
        app, to_envelope = service.application, service.to_envelope
        assert app is not None and to_envelope is not None
        notifications = app.recorder.select_notifications(0, 1000)
        found = (to_envelope(app.mapper.to_domain_event(n)) for n in notifications)
        return [envelope for envelope in found if envelope is not None]


@pytest.fixture
def office(
    make_memory_hub: Callable[..., HubClient], live_hub: Callable[[HubClient], str]
) -> Office:
    client = make_memory_hub(("intake", "queue"))
    client.hub.start()  # consumers in background threads, as in `make run`
    return Office(client, live_hub(client))


@pytest.fixture
def tv(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=TV, locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, office: Office, token: str) -> None:
    page.set_viewport_size(CONSOLE)
    page.goto(f"{office.url}/petugas")
    page.get_by_label("Token petugas").fill(token)
    page.get_by_role("button", name="Masuk").click()


def test_an_officer_serves_a_walk_in_while_the_waiting_room_sees_the_call(
    office: Office, page: Page, tv: Page
) -> None:
    ani = office.client.tokens.issue("petugas-ani", [Role.OFFICER], OFFICE)
    sign_in(page, office, ani)
    expect(page.locator("#who")).to_contain_text("Masuk sebagai petugas-ani")
    page.get_by_label("Meja").fill("Meja #2")
    page.get_by_role("button", name="Mulai bertugas").click()
    expect(page.locator("#duty-error")).to_have_text(
        "Meja: hanya huruf, angka, spasi, titik, garis bawah atau tanda hubung"
    )
    page.get_by_label("Meja").fill("Meja 2")
    page.get_by_role("button", name="Mulai bertugas").click()
    expect(page.locator("#duty-status")).to_contain_text("Bertugas di Meja 2 sejak")

    call_next = page.get_by_role("button", name="Panggil berikutnya")
    call_next.click()  # nobody waits yet
    expect(page.locator("#call-error")).to_have_text("Antrean: tidak ada pengunjung menunggu")

    tv.goto(f"{office.url}/antrian?office_id={OFFICE}")
    expect(tv.locator("#link-state")).to_have_text("Tersambung langsung")
    office.walk_in()
    row = page.locator("#offline-list tbody tr")
    expect(row).to_have_count(1)  # within a poll of the console
    expect(row.locator("th")).to_have_text("A-001")
    expect(row.locator("td.standard")).to_have_text("Sisa 10 mnt")
    expect(row).to_contain_text("Datang langsung")
    expect(tv.locator("#next")).to_have_text("A-001")

    call_next.click()
    expect(page.locator("#ticket-number")).to_have_text("A-001")
    expect(page.locator("#ticket-meta")).to_contain_text("Meja 2 · Datang langsung")
    expect(page.locator("#call-error")).to_be_empty()
    expect(tv.locator("#now-number")).to_have_text("A-001", timeout=5_000)
    expect(tv.locator("#now-desk")).to_have_text("Silakan ke Meja 2")
    expect(tv.locator("#next-empty")).to_be_visible()
    page.screenshot(path=SCREENSHOTS.format("console"))
    tv.screenshot(path=SCREENSHOTS.format("display"))

    page.get_by_role("button", name="Mulai konsultasi").click()
    expect(page.locator("#ticket-meta")).to_contain_text("Konsultasi sejak")
    page.get_by_role("button", name="Selesaikan…").click()
    form = page.locator("#complete-form")
    form.get_by_role("group", name="Data yang dicari diberikan?").get_by_label("Ya").check()
    form.get_by_label("Kemiskinan & ketimpangan").check()
    form.get_by_role("group", name="Perlu tindak lanjut?").get_by_label("Tidak").check()
    page.screenshot(path=SCREENSHOTS.format("console-outcome"))
    page.get_by_role("button", name="Simpan dan selesaikan").click()
    expect(page.locator("#call-hint")).to_have_text("Tidak ada pengunjung di meja Anda.")

    completed = [e for e in office.published() if e.event_type == "ConsultationCompleted"]
    assert [e.data["outcome"] for e in completed] == [
        {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}
    ]
