"""Every staff page shares one shell (the same stylesheet, the same navigation and the
skip link) and fits a 390 px phone without sideways scrolling; visitor pages too. In the
real Chromium against the whole hub served by uvicorn; staff pages signed in through
`staff_page` (they send the browser to /masuk otherwise). Screenshots: /tmp/pst-shell-*.png."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from infra.roles import Role
from tests.browser import StaffPage
from tests.harness import OFFICE, HubClient

pytestmark = pytest.mark.browser

STAFF_PAGES = (
    "/",
    "/resepsionis",
    "/resepsionis/kartu",
    "/petugas",
    "/dashboard",
    "/pengaduan-masuk",
    "/pengaduan-masuk/catat",
    "/laporan",
    "/admin/staf",
)
VISITOR_PAGES = ("/pengaduan", "/buku-tamu")
WIDTHS: dict[str, ViewportSize] = {
    "390": {"width": 390, "height": 844},
    "1366": {"width": 1366, "height": 768},
}
SCREENSHOT = "/tmp/pst-shell-{}-{}.png"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def hub(
    make_memory_hub: Callable[..., HubClient], live_hub: Callable[[HubClient], str]
) -> tuple[HubClient, str]:
    client = make_memory_hub()
    return client, live_hub(client)


@pytest.fixture
def hub_url(hub: tuple[HubClient, str]) -> str:
    return hub[1]


def shell_of(page: Page) -> tuple[str | None, list[str]]:
    stylesheet = page.locator('link[rel="stylesheet"]').get_attribute("href")
    nav = page.locator("nav.shell-nav a")
    return stylesheet, [nav.nth(i).get_attribute("href") or "" for i in range(nav.count())]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_staff_page_shares_the_shell_and_fits_the_screen(
    hub: tuple[HubClient, str], staff_page: StaffPage, width: str
) -> None:
    page = staff_page(*hub, [Role.ADMIN], viewport=WIDTHS[width])  # may open every page
    shells = {}
    for path in STAFF_PAGES:
        page.goto(path)
        expect(page.locator("header.shell-head")).to_be_visible()
        assert page.url == hub[1] + path  # the page itself, not the sign-in page
        shells[path] = shell_of(page)
        assert page.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways at {width} px"
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=SCREENSHOT.format(name, width), full_page=True)
    first = shells[STAFF_PAGES[0]]
    assert first[0] and first[0].startswith("/static/pst/pst.css?v=")
    served = [
        "/resepsionis",
        "/petugas",
        "/dashboard",
        "/pengaduan-masuk",
        "/laporan",
        "/admin/staf",
        "/admin/token",
        "/admin/audit",
    ]
    assert first[1] == served  # all served
    assert all(shell == first for shell in shells.values()), shells


def test_visitor_pages_fit_a_phone_on_the_same_stylesheet(hub_url: str, page: Page) -> None:
    page.set_viewport_size(WIDTHS["390"])
    page.goto(hub_url + "/")
    stylesheet = shell_of(page)[0]
    for path in VISITOR_PAGES:
        page.goto(hub_url + path)
        assert shell_of(page) == (stylesheet, [])  # the public layout: no staff navigation
        assert page.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways"
        page.screenshot(path=SCREENSHOT.format(path.strip("/"), "390"), full_page=True)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(
    hub: tuple[HubClient, str], staff_page: StaffPage
) -> None:
    page = staff_page(*hub, [Role.SUPERVISOR])
    page.goto("/dashboard")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#isi")).to_be_focused()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_signed_in_person_sees_their_name_roles_pages_and_sign_out(
    hub: tuple[HubClient, str], staff_page: StaffPage, width: str
) -> None:
    roles = [Role.SUPERVISOR, Role.OFFICER]
    page = staff_page(*hub, roles, subject="sri.wahyuni", viewport=WIDTHS[width])
    page.goto("/petugas")
    person = page.locator("#shell-person")
    expect(person).to_contain_text("Sri Wahyuni")
    expect(person).to_contain_text("Petugas layanan, Supervisor")
    assert shell_of(page)[1] == ["/petugas", "/dashboard", "/pengaduan-masuk", "/laporan"]
    expect(page.locator('nav.shell-nav a[aria-current="page"]')).to_have_text("Konsol petugas")
    sign_out = page.locator("form.sign-out")
    assert sign_out.get_attribute("action") == "/keluar"
    csrf = sign_out.locator('input[name="csrf_token"]').get_attribute("value")
    assert csrf and csrf == page.locator('meta[name="csrf-token"]').get_attribute("content")
    expect(sign_out.get_by_role("button", name="Keluar")).to_be_visible()
    color = page.locator("form.sign-out button").evaluate("(b) => getComputedStyle(b).color")
    assert color == "rgb(255, 255, 255)", color  # white on the brand bar, not blue
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=SCREENSHOT.format("signed-in", width), full_page=True)


def test_the_waiting_room_display_is_a_full_screen_page_on_the_same_stylesheet(
    hub_url: str, page: Page
) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(hub_url + "/")
    stylesheet = shell_of(page)[0]
    page.goto(f"{hub_url}/antrian?office_id={OFFICE}")
    expect(page.locator("#link-state")).to_have_text("Tersambung langsung")
    assert shell_of(page) == (stylesheet, [])
    page.screenshot(path=SCREENSHOT.format("display", "1920"))
