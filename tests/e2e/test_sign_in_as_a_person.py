"""The issue's own words: an officer created with `hub users add` signs in with a password
in Chromium and works in the console without ever seeing a token field; signing out, or an
admin's deactivation from the shell, ends the session at once — also in a second process."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from tests.browser import PAGE_TIMEOUT_MS, sign_in
from tests.harness import HubClient
from tests.ops.processes import HUB

pytestmark = [pytest.mark.browser, pytest.mark.integration]
PASSWORD = "meja-dua-kota-blitar"


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Callable[[], HubClient]]:
    """Hubs over one embedded store (var/), as `hub run` processes would be."""
    hubs: list[Hub] = []

    def start() -> HubClient:
        settings = HubSettings(var_dir=tmp_path / "var")
        hub = Hub(settings, load_services(settings, ServiceContext.from_settings(settings)))
        hubs.append(hub)
        return HubClient(hub)

    yield start
    for hub in hubs:
        hub.stop()


def hub_cli(tmp_path: Path, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PST_")}
    env.pop("DATABASE_URL", None)
    env["PST_VAR_DIR"] = str(tmp_path / "var")
    done = subprocess.run(
        [str(HUB), *args], env=env, input=stdin, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def person(browser: Browser, url: str) -> Page:
    context = browser.new_context(base_url=url, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context.new_page()


def test_an_officer_added_in_the_shell_signs_in_and_works_then_is_shut_out_everywhere(
    tmp_path: Path,
    embedded: Callable[[], HubClient],
    live_hub: Callable[[HubClient], str],
    browser: Browser,
) -> None:
    first = embedded()
    hub_cli(
        tmp_path,
        "users",
        "add",
        "ani.rahma",
        "--name",
        "Ani Rahmawati",
        "--nip",
        "198503122010122001",
        "--role",
        "officer",
        "--office",
        "3572",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    url, other_url = live_hub(first), live_hub(embedded())  # a second process, same store
    page = person(browser, url)
    page.goto("/petugas")
    expect(page).to_have_url(f"{url}/masuk?next=/petugas")
    sign_in(page, "ani.rahma", PASSWORD)
    expect(page).to_have_url(f"{url}/petugas")
    expect(page.locator("#shell-person")).to_contain_text("Ani Rahmawati")
    no_token = "input[type=password], input:not([type=hidden])[name*=token i], #token"
    expect(page.locator(no_token)).to_have_count(0)  # the hidden one is the CSRF token
    page.get_by_label("Meja").fill("Meja 2")
    page.get_by_role("button", name="Mulai bertugas").click()
    expect(page.locator("#duty-status")).to_contain_text("Bertugas di Meja 2 sejak")

    session = next(c for c in page.context.cookies() if c["name"] == "pst_sesi")
    elsewhere = person(browser, other_url)
    elsewhere.context.add_cookies([{**session, "domain": "127.0.0.1"}])
    elsewhere.goto("/petugas")
    expect(elsewhere).to_have_url(f"{other_url}/petugas")  # the same session, another process

    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{url}/masuk?sesi=keluar")
    elsewhere.goto("/petugas")
    expect(elsewhere).to_have_url(f"{other_url}/masuk?next=/petugas")  # refused there too

    sign_in(page, "ani.rahma", PASSWORD)
    assert "deactivated ani.rahma; 1 session(s) ended" in hub_cli(
        tmp_path, "users", "deactivate", "ani.rahma"
    )
    page.reload()
    expect(page).to_have_url(f"{url}/masuk?next=/petugas")
    page.context.close()
    elsewhere.context.close()
