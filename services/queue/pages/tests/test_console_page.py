"""The officer console's page, its files, and the session it starts from (TestClient)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from infra.pages import KIT
from infra.security import Role
from standard.wording import TOPICS
from tests.harness import OFFICE, HubClient


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("queue",))


def test_the_console_page_is_a_shell_that_loads_only_its_own_files(client: HubClient) -> None:
    response = client.http.get("/petugas", headers=client.auth(Role.OFFICER))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response.headers["cache-control"] == "no-store"
    page = response.text
    assert '<html lang="id">' in page and "Konsol petugas layanan" in page
    assert 'class="shell-nav"' in page  # the staff shell every staff page shares
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script>" not in page  # no inline script: settings travel as data attributes
    scripts = re.findall(r'<script src="(/static/[a-z]+/[a-z-]+\.js)\?v=[0-9a-f]{12}"', page)
    assert scripts == [
        "/static/pst/pst.js",
        "/static/queue/console-api.js",
        "/static/queue/console-view.js",
        "/static/queue/console-conversation.js",
        "/static/queue/console.js",
    ]
    styles = re.findall(r'<link rel="stylesheet" href="(/static/[a-z]+/[a-z-]+\.css)\?v=', page)
    assert styles == ["/static/pst/pst.css"]  # the kit's one stylesheet, as every staff page


def test_without_a_session_the_console_sends_the_browser_to_sign_in(client: HubClient) -> None:
    response = client.http.get("/petugas", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk?next=/petugas"
    refused = client.http.get("/petugas", headers=client.auth(Role.RECEPTIONIST))
    assert refused.status_code == 403 and "bukan untuk peran Anda" in refused.text


def test_the_console_is_the_signed_in_officers_and_asks_for_no_token(client: HubClient) -> None:
    page = client.http.get("/petugas", headers=client.issue("petugas-ani", [Role.OFFICER])).text
    workspace = re.search(r'<div class="workspace" id="workspace"([^>]*)>', page)
    assert workspace is not None
    assert (
        'data-subject="petugas-ani"' in workspace[1] and f'data-office="{OFFICE}"' in workspace[1]
    )
    assert re.search(r'id="shell-person"><strong class="person-name">petugas-ani<', page)
    assert "BPS Kota Blitar · Pelayanan Statistik Terpadu" in page
    assert 'type="password"' not in page and not re.search(r'(id|name)="token"', page)
    assert "Token" not in page and "token=" not in page
    for name in ("console-api.js", "console.js", "console-view.js"):
        script = client.http.get(f"/static/queue/{name}").text
        assert "Authorization" not in script and "sessionStorage" not in script, name
        assert "token" not in script.lower(), name
    assert "PST.api(" in client.http.get("/static/queue/console-api.js").text


def test_the_outcome_form_offers_topics_as_category_slugs(client: HubClient) -> None:
    page = client.http.get("/petugas", headers=client.auth(Role.OFFICER)).text
    offered = re.findall(r'name="topics" value="([^"]+)"', page)
    assert offered == list(TOPICS)
    assert all(re.fullmatch(r"[a-z0-9_-]{1,64}", slug) for slug in offered)


def test_every_static_file_is_served_with_its_type_and_nothing_else(client: HubClient) -> None:
    names = KIT.assets.names("queue")
    assert sorted(names) == [
        "console-api.js",
        "console-conversation.js",
        "console-view.js",
        "console.js",
        "display.js",
    ]
    for name in names:
        response = client.http.get(f"/static/queue/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "text/javascript; charset=utf-8"
        assert "max-age" in response.headers["cache-control"]
    assert client.http.get("/static/queue/..%2Fconsole.py").status_code == 404
    assert client.http.get("/static/queue/console.py").status_code == 404


def test_the_session_names_the_signed_in_officer_and_their_duty(client: HubClient) -> None:
    ani = client.issue("petugas-ani", [Role.OFFICER])
    before = client.http.get("/api/queue/me", headers=ani)
    assert before.status_code == 200
    assert before.json() == {
        "subject": "petugas-ani",
        "roles": ["officer"],
        "office_id": OFFICE,
        "office_name": "BPS Kota Blitar",
        "time_zone": "Asia/Jakarta",
        "officer": None,
    }
    signed_on = client.http.post(
        "/api/queue/officers/sign-on", json={"office_id": OFFICE, "desk": "Meja 2"}, headers=ani
    )
    assert signed_on.status_code == 200
    officer = client.http.get("/api/queue/me", headers=ani).json()["officer"]
    assert (officer["status"], officer["desk"]) == ("on_duty", "Meja 2")


def test_the_session_is_for_officers_and_supervisors_only(client: HubClient) -> None:
    assert client.http.get("/api/queue/me").status_code == 401
    receptionist = client.http.get("/api/queue/me", headers=client.auth(Role.RECEPTIONIST))
    assert receptionist.status_code == 403
    boss = client.http.get("/api/queue/me", headers=client.auth(Role.SUPERVISOR))
    assert boss.status_code == 200 and boss.json()["roles"] == ["supervisor"]
