"""Browser fixtures (a pytest plugin): Debian's Chromium driven by Playwright, live hubs.

- `browser` (session): one Chromium for the whole run, from /usr/bin/chromium (never
  Playwright's own download). When it is missing or does not start, browser tests fail
  in CI (`CI=true`) and are skipped with the reason elsewhere.
- `page`: a fresh context and page per test (no shared cookies or storage), closed after.
- `staff_page`: a factory of pages signed in as a staff member with given roles.
- `live_hub`: a factory; `live_hub(client)` serves a HubClient's app with uvicorn on a
  free 127.0.0.1 port in a background thread and returns its base URL. Every server it
  started is shut down after the test.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from infra.roles import Role
from tests.harness import OFFICE, PASSWORD, HubClient

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PAGE_TIMEOUT_MS = 15_000
SERVER_START_SECONDS = 10.0


def browser_unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need Chromium: {reason}")
    pytest.skip(f"browser tests need Chromium: {reason}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            browser_unavailable(f"{CHROMIUM} did not start: {exc.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


class LiveServer:
    """An ASGI app served by uvicorn in a daemon thread, on a socket bound before start."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))  # the kernel picks a free port: no race
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"  # known before the app exists (links need it)

    def start(self, app: object) -> str:
        config = uvicorn.Config(
            app,  # type: ignore[arg-type]
            log_level="warning",
            access_log=False,  # survey links carry their token in the path
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"uvicorn did not start on {self.url}")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        if hasattr(self, "server"):
            self.server.should_exit = True
            self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def live_hub() -> Iterator[Callable[[HubClient], str]]:
    servers: list[LiveServer] = []

    def serve(client: HubClient) -> str:
        server = LiveServer()
        servers.append(server)
        return server.start(client.app)

    yield serve
    for server in servers:
        server.stop()


StaffPage = Callable[..., Page]


@pytest.fixture
def staff_page(browser: Browser) -> Iterator[StaffPage]:
    """A factory: `staff_page(client, url, [Role.OFFICER], office_id=OFFICE)` is a fresh
    page signed in as a staff member holding those roles, for every page test that needs
    a person. Every page test signs in through here, so the way in is one place: the
    member is added to the staff directory with a password and signs in on /masuk like a
    person does (the password typed into the form, the session cookie kept by Chromium).
    The page is left on the page the sign-in lands on."""
    contexts = []

    def make(
        client: HubClient,
        url: str,
        roles: list[Role],
        office_id: str = OFFICE,
        subject: str | None = None,
        viewport: ViewportSize | None = None,
    ) -> Page:
        username = subject or f"uji-{roles[0]}"
        assert client.staff is not None, "staff pages need the staff service"
        if client.staff.directory.find(username) is None:
            client.add_staff(username, roles, office_id)
        context = browser.new_context(
            base_url=url,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            viewport=viewport,
        )
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username, PASSWORD)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    """Signs in on /masuk as a person does; fails the test when it does not work."""
    page.goto("/masuk")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Masuk')")
    if "/masuk" in page.url:
        message = page.locator(".error").all_inner_texts()
        raise AssertionError(f"{username} could not sign in: {message}")
