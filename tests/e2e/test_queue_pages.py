"""An officer serves a walk-in from the console while the waiting-room TV shows the call,
in the real Chromium against the hub served by uvicorn with its consumers running."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from events import Envelope
from infra.security import Role
from tests.browser import StaffPage
from tests.harness import OFFICE, HubClient

pytestmark = pytest.mark.browser

CONSOLE: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
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
    client = make_memory_hub(("intake", "queue", "staff"))
    client.hub.start()  # consumers in background threads, as in `make run`
    return Office(client, live_hub(client))


@pytest.fixture
def tv(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=TV, locale="id-ID", timezone_id="Asia/Jakarta")
    try:
        yield context.new_page()
    finally:
        context.close()


TOKEN_FIELDS = "input[type=password], input[name*=token i]:not([type=hidden]), input[id*=token i]"


def watch_urls(page: Page) -> list[str]:
    """Every URL the page asks for (documents, scripts, fetch calls), to find credentials."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def console(staff_page: StaffPage, office: Office, subject: str) -> tuple[Page, list[str]]:
    page = staff_page(office.client, office.url, [Role.OFFICER], subject=subject, viewport=CONSOLE)
    urls = watch_urls(page)
    page.goto("/petugas")
    return page, urls


def assert_no_token_anywhere(page: Page, urls: list[str]) -> None:
    expect(page.locator(TOKEN_FIELDS)).to_have_count(0)
    assert urls and not [url for url in urls if "token" in url.lower()], urls
    stored = page.evaluate("() => JSON.stringify([{...sessionStorage}, {...localStorage}])")
    assert "pst_" not in stored and "token" not in stored.lower(), stored


def test_an_officer_serves_a_walk_in_while_the_waiting_room_sees_the_call(
    office: Office, staff_page: StaffPage, tv: Page
) -> None:
    page, urls = console(staff_page, office, "petugas-ani")
    expect(page.locator("#shell-person")).to_contain_text(re.compile("petugas-ani", re.I))
    expect(page.locator("#office-name")).to_have_text(
        "BPS Kota Blitar · Pelayanan Statistik Terpadu (PST)"
    )
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
    page.set_viewport_size(PHONE)  # the waiting list fits a phone without sideways scrolling
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size(CONSOLE)

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
    expect(page.locator("#ticket-area")).to_be_hidden()  # completed (the hint alone is no sign)
    expect(page.locator("#call-hint")).to_have_text("Tidak ada pengunjung di meja Anda.")

    completed = [e for e in office.published() if e.event_type == "ConsultationCompleted"]
    assert [e.data["outcome"] for e in completed] == [
        {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False}
    ]
    assert [e.data["officer_id"] for e in completed] == ["petugas-ani"]  # the signed-in one
    assert any("/api/queue/call-next" in url for url in urls)
    assert_no_token_anywhere(page, urls)


def test_when_the_session_ends_the_console_goes_to_sign_in(
    office: Office, staff_page: StaffPage
) -> None:
    page, urls = console(staff_page, office, "petugas-ani")
    expect(page.locator("#duty-status")).to_have_text("Belum bertugas.")
    assert_no_token_anywhere(page, urls)

    page.context.clear_cookies()  # the session is gone (expired, signed out elsewhere)
    expect(page).to_have_url(re.compile(r"/masuk\?sesi=berakhir&next=%2Fpetugas$"))  # next poll
    expect(page.locator("input[name=password]")).to_be_visible()  # the sign-in form
