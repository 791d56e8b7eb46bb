"""The SLA dashboard page in the real Chromium: it follows the stream and shows a walk-in
registered at reception within moments, against the hub served by uvicorn with its
consumers running (embedded, as `make run`). The page is the signed-in person's: it asks
for no token and sends none in any URL; when the session ends or the credential is
refused, the stream stops and the page says so, with a link back to sign-in."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route, expect

from infra.security import Role
from tests.browser import StaffPage
from tests.harness import OFFICE, HubClient

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/pst-dashboard.png"
SCREENSHOT_PHONE = "/tmp/pst-dashboard-390.png"
WALK_IN = {
    "office_id": OFFICE,
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa"},
    "purpose": "tugas_akhir",
}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
TOKEN_FIELDS = "input[type=password], input[name*=token i]:not([type=hidden]), input[id*=token i]"


@pytest.fixture
def office(
    make_memory_hub: Callable[..., HubClient], live_hub: Callable[[HubClient], str]
) -> tuple[HubClient, str]:
    client = make_memory_hub(("intake", "reporting", "staff"))
    client.hub.start()  # consumers in background threads, as in `make run`
    return client, live_hub(client)


def dashboard(
    staff_page: StaffPage, office: tuple[HubClient, str], role: Role
) -> tuple[Page, list[str]]:
    client, url = office
    page = staff_page(client, url, [role])
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto("/dashboard")
    return page, urls


def assert_no_token_anywhere(page: Page, urls: list[str]) -> None:
    expect(page.locator(TOKEN_FIELDS)).to_have_count(0)
    assert urls and not [url for url in urls if "token" in url.lower()], urls
    stored = page.evaluate("() => JSON.stringify([{...sessionStorage}, {...localStorage}])")
    assert "pst_" not in stored and "token" not in stored.lower(), stored


def test_the_dashboard_shows_a_new_walk_in_live(
    office: tuple[HubClient, str], staff_page: StaffPage
) -> None:
    client, _ = office
    page, urls = dashboard(staff_page, office, Role.SUPERVISOR)
    expect(page.locator("#status")).to_have_text("langsung")
    expect(page.locator("#office-name")).to_have_text("BPS Kota Blitar")
    expect(page.locator("#visitors-total")).to_have_text("0")
    expect(page.locator("#shell-person")).to_contain_text(re.compile("uji-supervisor", re.I))

    response = client.http.post(
        "/api/intake/walk-ins", json=WALK_IN, headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    expect(page.locator("#visitors-total")).to_have_text("1", timeout=5_000)
    expect(page.locator("#by-channel")).to_contain_text("Datang langsung")
    expect(page.locator("#trend")).to_contain_text("Pengunjung")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=SCREENSHOT, full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(OVERFLOW) <= 0  # a phone: no sideways scrolling
    page.screenshot(path=SCREENSHOT_PHONE, full_page=True)
    expect(page.locator("#lag")).to_have_count(0)  # the operator's view, not the managers'
    streams = [url for url in urls if "/dashboard/stream" in url]
    assert streams and all(url.endswith(f"/offices/{OFFICE}/dashboard/stream") for url in streams)
    assert_no_token_anywhere(page, urls)


def test_an_officer_sees_today_but_not_the_month(
    office: tuple[HubClient, str], staff_page: StaffPage
) -> None:
    page, urls = dashboard(staff_page, office, Role.OFFICER)
    expect(page.locator("#status")).to_have_text("langsung")
    expect(page.locator("#visitors-total")).to_have_text("0")
    expect(page.locator("#compliance-month")).to_have_text("–")
    assert_no_token_anywhere(page, urls)


def test_when_the_session_ends_the_stream_stops_and_the_page_links_back_to_sign_in(
    office: tuple[HubClient, str], staff_page: StaffPage
) -> None:
    client, _ = office
    page = staff_page(client, office[1], [Role.SUPERVISOR])

    def ended(route: Route) -> None:  # the session ends as the page opens its stream
        page.context.clear_cookies()
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "cookie"}
        route.continue_(headers=headers)

    page.route("**/api/reporting/**", ended)
    page.goto("/dashboard")  # the stream is refused, the page asks why: 401
    notice = page.locator("#session-ended")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Sesi Anda telah berakhir.")
    expect(page.locator("#status")).to_have_text("sesi anda telah berakhir")
    page.wait_for_timeout(6_000)  # longer than a retry: nothing spins again
    expect(page.locator("#status")).not_to_contain_text("mencoba lagi")
    assert page.url.endswith("/dashboard")  # the page stays, saying what happened
    link = page.locator("#sign-in-again")
    expect(link).to_have_attribute("href", "/masuk?sesi=berakhir&next=%2Fdashboard")
    link.click()
    expect(page.locator("input[name=password]")).to_be_visible()  # the sign-in form


def test_a_refused_credential_stops_the_stream_with_a_message(
    office: tuple[HubClient, str], staff_page: StaffPage
) -> None:
    client, _ = office
    page = staff_page(client, office[1], [Role.SUPERVISOR])

    def forbidden(route: Route) -> None:  # the person lost the role while watching
        route.fulfill(status=403, content_type="application/json", body='{"detail": "x"}')

    page.route("**/api/reporting/**", forbidden)
    page.goto("/dashboard")
    expect(page.locator("#session-ended")).to_contain_text("Akses ditolak.")
    expect(page.locator("#status")).to_have_text("akses ditolak")


def test_without_a_session_the_dashboard_is_the_sign_in_page(
    office: tuple[HubClient, str], page: Page
) -> None:
    _, url = office
    page.goto(f"{url}/dashboard")
    expect(page).to_have_url(f"{url}/masuk?next=/dashboard")
    expect(page.locator("input[name=password]")).to_be_visible()
