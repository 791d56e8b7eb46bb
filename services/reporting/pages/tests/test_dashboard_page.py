"""The dashboard page: a staff page in the shell whose script loads from the kit, for the
signed-in person's office, asking for no token."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi import Request

from infra.roles import Principal, Role
from tests.harness import OFFICE, HubClient


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("reporting",))


def test_the_dashboard_is_a_shell_page_with_no_inline_script(client: HubClient) -> None:
    response = client.http.get("/dashboard", headers=client.auth(Role.SUPERVISOR))
    assert response.status_code == 200
    page = response.text
    assert 'class="shell-nav"' in page and 'href="/dashboard" aria-current="page"' in page
    assert "<script>" not in page and "<style>" not in page and "style=" not in page
    scripts = re.findall(r'<script src="(/static/[a-z]+/[a-z]+\.js)\?v=[0-9a-f]{12}"', page)
    assert scripts == ["/static/pst/pst.js", "/static/reporting/dashboard.js"]
    assert f'data-office="{OFFICE}"' in page  # the signed-in person's office
    assert "script-src 'self'" in response.headers["content-security-policy"]
    script = client.http.get("/static/reporting/dashboard.js")
    assert script.status_code == 200 and "EventSource" in script.text


def test_the_dashboard_asks_for_no_token_and_keeps_none(client: HubClient) -> None:
    page = client.http.get("/dashboard", headers=client.auth(Role.SUPERVISOR)).text
    assert 'type="password"' not in page and not re.search(r'(id|name)="token"', page)
    assert 'id="office"' not in page  # an office's supervisor watches their own office
    script = client.http.get("/static/reporting/dashboard.js").text
    assert "token" not in script.lower() and "Storage" not in script
    assert "location.hash" not in script and 'credentials: "same-origin"' in script


def test_without_a_session_the_dashboard_sends_the_browser_to_sign_in(client: HubClient) -> None:
    response = client.http.get("/dashboard", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/masuk?next=/dashboard"
    refused = client.http.get("/dashboard", headers=client.auth(Role.RECEPTIONIST))
    assert refused.status_code == 403


def test_the_lag_table_is_the_operator_view_not_the_managers(client: HubClient) -> None:
    page = client.http.get("/dashboard", headers=client.auth(Role.SUPERVISOR)).text
    assert 'id="lag"' not in page and "/dashboard/operasi" not in page
    script = client.http.get("/static/reporting/dashboard.js").text
    assert "snapshot.lag" not in script and "Jeda" not in script
    admin = client.http.get("/dashboard", headers=client.auth(Role.ADMIN)).text
    assert 'href="/dashboard/operasi"' in admin
    operator = client.http.get("/dashboard/operasi", headers=client.auth(Role.ADMIN))
    assert operator.status_code == 200 and 'id="lag"' in operator.text
    assert "/static/reporting/operations.js" in operator.text
    refused = client.http.get("/dashboard/operasi", headers=client.auth(Role.SUPERVISOR))
    assert refused.status_code == 403


def test_the_page_says_when_the_session_ended_and_links_back_to_sign_in(
    client: HubClient,
) -> None:
    page = client.http.get("/dashboard", headers=client.auth(Role.SUPERVISOR)).text
    notice = re.search(
        r'<div class="session-ended" id="session-ended" role="alert" hidden>.*?</div>', page, re.S
    )
    assert notice and 'href="/masuk?sesi=berakhir&amp;next=%2Fdashboard"' in notice.group(0)
    script = client.http.get("/static/reporting/dashboard.js").text
    assert "Sesi Anda telah berakhir." in script and "Akses ditolak." in script
    assert "<th>Nomor antrean</th>" in page and "<th>Kunjungan</th>" not in page


class OneSession:
    """A stand-in for the staff service's sessions: every request is this person's."""

    def __init__(self, person: Principal) -> None:
        self.person = person

    def principal(self, request: Request) -> Principal | None:
        return self.person


def test_a_national_person_may_choose_the_office_starting_from_their_own(
    client: HubClient,
) -> None:
    auditor = Principal("auditor-pusat", frozenset({Role.AUDITOR}), "3500", national=True)
    client.app.state.sessions = OneSession(auditor)
    page = client.http.get("/dashboard").text
    field = re.search(r'<input id="office"[^>]*>', page)
    assert field is not None and 'value="3500"' in field[0]
    client.app.state.sessions = OneSession(replace(auditor, national=False))
    assert 'id="office"' not in client.http.get("/dashboard").text
