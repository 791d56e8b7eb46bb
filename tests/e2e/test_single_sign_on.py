"""Single sign-on as BPS staff meet it, against a real identity provider (the stack's
Keycloak) in a real Chromium: the SSO button, Keycloak's own login page, back to the hub
signed in; an unknown or deactivated person refused with a page that says why."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from playwright.sync_api import Browser, Page, expect

from infra.roles import Role
from services.staff.oidc import LOGOUT_EVENT
from services.staff.pages.sso import STATE_COOKIE
from tests.browser import PAGE_TIMEOUT_MS
from tests.harness import HubClient
from tests.keycloak import OIDCProvider

pytestmark = [pytest.mark.browser, pytest.mark.integration]
SSO_PASSWORD = "sandi-sso-yang-panjang"


@pytest.fixture
def sso_hub(
    make_memory_hub: Callable[..., HubClient],
    live_hub: Callable[[HubClient], str],
    oidc_provider: OIDCProvider,
) -> tuple[HubClient, str]:
    client = make_memory_hub(
        staff={
            "oidc_issuer": oidc_provider.issuer,
            "oidc_client_id": oidc_provider.client_id,
            "oidc_client_secret": oidc_provider.client_secret,
        }
    )
    return client, live_hub(client)


def sign_on(browser: Browser, url: str, username: str, next_path: str = "/dashboard") -> Page:
    context = browser.new_context(base_url=url, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    page.goto(next_path)  # a staff page: sent to /masuk?next=...
    assert urlsplit(page.url).path == "/masuk"
    page.get_by_role("button", name="Masuk dengan SSO BPS").click()
    page.wait_for_selector("#kc-login")  # Keycloak's own login page, on its own origin
    assert urlsplit(page.url).port != urlsplit(url).port
    page.fill("#username", username)
    page.fill("#password", SSO_PASSWORD)
    page.click("#kc-login")
    page.wait_for_url(f"{url}/**")
    return page


def member_signs_on(
    sso_hub: tuple[HubClient, str],
    provider: OIDCProvider,
    browser: Browser,
    username: str,
    role: Role,
) -> Page:
    """A staff member known to both the hub and the provider signs on to their landing page
    and sees their name in the shell."""
    client, url = sso_hub
    name = username.replace(".", " ").title()
    client.add_staff(username, [role], password=None, name=name)
    provider.add_user(username, SSO_PASSWORD)
    page = sign_on(browser, url, username, LANDING[role])
    expect(page.locator("#shell-person")).to_contain_text(name)
    return page


LANDING = {Role.SUPERVISOR: "/dashboard", Role.OFFICER: "/petugas"}


def test_a_supervisor_signs_in_through_sso_and_sees_the_live_dashboard(
    sso_hub: tuple[HubClient, str], oidc_provider: OIDCProvider, browser: Browser
) -> None:
    client, _ = sso_hub
    page = member_signs_on(sso_hub, oidc_provider, browser, "kepala.seksi", Role.SUPERVISOR)
    assert urlsplit(page.url).path == "/dashboard"
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["pst_sesi"]["httpOnly"] and STATE_COOKIE not in cookies
    assert client.staff is not None
    [entry] = client.staff.audit.latest(5, "kepala.seksi")
    assert entry["method"] == "sso" and entry["outcome"] == "signed_in"
    page.context.close()


def test_a_person_not_in_the_staff_directory_is_refused_with_a_clear_page(
    sso_hub: tuple[HubClient, str], oidc_provider: OIDCProvider, browser: Browser
) -> None:
    _, url = sso_hub
    oidc_provider.add_user("orang.luar", SSO_PASSWORD)
    page = sign_on(browser, url, "orang.luar")
    expect(page.locator("h1")).to_contain_text("Akun tidak dapat masuk")
    expect(page.locator("main")).to_contain_text("belum terdaftar sebagai staf")
    assert "pst_sesi" not in {c["name"] for c in page.context.cookies()}
    page.context.close()


def test_a_deactivated_member_is_refused_even_with_a_valid_sso_account(
    sso_hub: tuple[HubClient, str], oidc_provider: OIDCProvider, browser: Browser
) -> None:
    client, url = sso_hub
    client.add_staff("mantan.petugas", [Role.OFFICER], password=None)
    assert client.staff is not None
    client.staff.deactivate("mantan.petugas")
    oidc_provider.add_user("mantan.petugas", SSO_PASSWORD)
    page = sign_on(browser, url, "mantan.petugas", "/petugas")
    expect(page.locator("main")).to_contain_text("dinonaktifkan")
    assert "pst_sesi" not in {c["name"] for c in page.context.cookies()}
    page.context.close()


def test_a_callback_without_its_browsers_state_is_refused(sso_hub: tuple[HubClient, str]) -> None:
    client, _ = sso_hub
    answer = client.http.get("/masuk/sso/kembali", params={"code": "x", "state": "forged"})
    assert answer.status_code == 400 and "tidak selesai" in answer.text


def test_signing_out_at_the_provider_ends_the_hub_session_at_once(
    sso_hub: tuple[HubClient, str], oidc_provider: OIDCProvider, browser: Browser
) -> None:
    client, url = sso_hub
    oidc_provider.back_channel_logout_to(url + "/masuk/sso/keluar")
    try:
        page = member_signs_on(sso_hub, oidc_provider, browser, "petugas.sso", Role.OFFICER)
        assert urlsplit(page.url).path == "/petugas"
        assert client.staff is not None and client.staff.sessions.count("petugas.sso") == 1
        oidc_provider.sign_out_everywhere("petugas.sso")  # Keycloak posts its logout token
        assert client.staff.sessions.count("petugas.sso") == 0
        page.reload()
        assert urlsplit(page.url).path == "/masuk"
        [entry] = client.staff.audit.latest(1, "petugas.sso")
        assert (entry["method"], entry["outcome"]) == ("sso", "signed_out")
        page.context.close()
    finally:
        oidc_provider.back_channel_logout_to(None)


def test_a_logout_token_not_signed_by_the_provider_ends_nothing(
    sso_hub: tuple[HubClient, str], oidc_provider: OIDCProvider
) -> None:
    client, _ = sso_hub
    client.add_staff("petugas.lain", [Role.OFFICER])
    signed_in = client.sign_in("petugas.lain")
    assert client.staff is not None
    session = client.staff.sessions.live(signed_in.cookies["pst_sesi"])
    assert session is not None
    forged = forged_logout_token(oidc_provider, sub="any", sid="any")
    for body in ({"logout_token": forged}, {"logout_token": "not.a.jwt"}, {}):
        answer = client.http.post("/masuk/sso/keluar", data=body)
        assert answer.status_code == 400, body
        assert answer.json()["error"] == "invalid_request"
        assert answer.headers["cache-control"] == "no-store"
    assert client.staff.sessions.count("petugas.lain") == 1


def forged_logout_token(provider: OIDCProvider, **claims: str) -> str:
    """A well-formed logout token for this hub, signed with a key the provider never had."""
    key = RSAKey.generate_key(2048, parameters={"kid": "forged"})
    now = int(time.time())
    payload = {
        "iss": provider.issuer,
        "aud": provider.client_id,
        "iat": now,
        "jti": uuid.uuid4().hex,
        "events": {LOGOUT_EVENT: {}},
        **claims,
    }
    return jwt.encode({"alg": "RS256", "kid": "forged"}, payload, key)
