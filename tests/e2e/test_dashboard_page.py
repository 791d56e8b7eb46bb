"""The SLA dashboard page in the real Chromium: it follows the stream and shows a walk-in
registered at reception within moments, against the hub served by uvicorn with its
consumers running (embedded, as `make run`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from infra.security import Role
from tests.harness import OFFICE, HubClient

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/pst-dashboard.png"
WALK_IN = {
    "office_id": OFFICE,
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa"},
    "purpose": "tugas_akhir",
}


@pytest.fixture
def office(
    make_memory_hub: Callable[..., HubClient], live_hub: Callable[[HubClient], str]
) -> tuple[HubClient, str]:
    client = make_memory_hub(("intake", "reporting"))
    client.hub.start()  # consumers in background threads, as in `make run`
    return client, live_hub(client)


def test_the_dashboard_shows_a_new_walk_in_live(office: tuple[HubClient, str], page: Page):
    client, url = office
    page.goto(f"{url}/dashboard#token={client.token[Role.SUPERVISOR]}")
    expect(page.locator("#status")).to_have_text("langsung")
    expect(page.locator("#office-name")).to_have_text("BPS Kota Blitar")
    expect(page.locator("#visitors-total")).to_have_text("0")

    response = client.http.post(
        "/api/intake/walk-ins", json=WALK_IN, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    expect(page.locator("#visitors-total")).to_have_text("1", timeout=5_000)
    expect(page.locator("#by-channel")).to_contain_text("Datang langsung")
    expect(page.locator("#trend")).to_contain_text("Pengunjung")
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_an_officer_sees_today_but_not_the_month(office: tuple[HubClient, str], page: Page):
    client, url = office
    page.goto(f"{url}/dashboard#token={client.token[Role.OFFICER]}")
    expect(page.locator("#status")).to_have_text("langsung")
    expect(page.locator("#visitors-total")).to_have_text("0")
    expect(page.locator("#compliance-month")).to_have_text("–")


def test_a_wrong_token_is_shown_as_disconnected(office: tuple[HubClient, str], page: Page):
    _, url = office
    page.goto(f"{url}/dashboard")
    page.locator("#token").fill("pst_tidak_dikenal")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#status")).to_contain_text("terputus")
    expect(page.locator("#visitors-total")).to_have_text("–")
