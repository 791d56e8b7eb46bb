"""Friendly errors: browsers (Accept: text/html) get a 404, 403 or 500 page in the kit's
layouts; API clients get JSON as before (content negotiation)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from infra import errors
from infra.security import Role
from tests.harness import HubClient

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def small_app() -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.get("/rahasia")
    def secret() -> None:
        raise HTTPException(403, "Peran tidak diizinkan")

    @app.get("/rusak")
    def broken() -> None:
        raise RuntimeError("a bug with a secret: 3572011203900001")

    @app.get("/api/rusak")
    def broken_api() -> None:
        raise RuntimeError("a bug")

    return TestClient(app, raise_server_exceptions=False)


def test_a_browser_gets_a_page_and_an_api_client_json_for_a_404() -> None:
    client = small_app()
    page = client.get("/tidak-ada", headers=BROWSER)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Halaman tidak ditemukan" in page.text and 'href="/"' in page.text
    assert "content-security-policy" in page.headers
    api = client.get("/tidak-ada", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    assert client.get("/api/tidak-ada", headers=BROWSER).json() == {"detail": "Not Found"}


def test_a_403_is_a_page_for_browsers() -> None:
    client = small_app()
    page = client.get("/rahasia", headers=BROWSER)
    assert page.status_code == 403 and "Tidak diizinkan" in page.text
    assert client.get("/rahasia").json() == {"detail": "Peran tidak diizinkan"}


def test_a_500_says_nothing_of_the_failure() -> None:
    client = small_app()
    page = client.get("/rusak", headers=BROWSER)
    assert page.status_code == 500 and "Terjadi kesalahan di server" in page.text
    assert "3572011203900001" not in page.text and "RuntimeError" not in page.text
    api = client.get("/api/rusak")
    assert api.status_code == 500 and api.json()["detail"][0]["type"] == "internal"


def test_the_hub_shows_a_signed_in_person_the_shell(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = make_memory_hub(("staff", "intake"))
    anonymous = client.http.get("/tidak-ada", headers=BROWSER)
    assert anonymous.status_code == 404 and 'class="public"' in anonymous.text
    client.add_staff("rina", [Role.RECEPTIONIST], name="Rina Resepsionis")
    page = client.sign_in("rina").get("/tidak-ada", headers=BROWSER)
    assert page.status_code == 404 and "Rina Resepsionis" in page.text
    assert 'class="shell-nav"' in page.text and 'href="/resepsionis"' in page.text
    unknown_visit = client.http.get(
        "/api/intake/visits/00000000-0000-0000-0000-000000000000",
        headers={**BROWSER, **client.auth(Role.RECEPTIONIST)},
    )
    assert unknown_visit.status_code == 404 and unknown_visit.json()["detail"][0]["loc"]
