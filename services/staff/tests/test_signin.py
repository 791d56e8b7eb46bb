"""Password sign-in as a person and an attacker meet it: the form password managers fill,
the session cookie, CSRF on every change, sign-out, deactivation, throttling, the audit
trail, the first run."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from infra.roles import Role
from services.staff.accounts import digest
from tests.harness import PASSWORD, HubClient


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    hub = make_memory_hub()
    hub.add_staff("ani", [Role.OFFICER], nip="198503122010122001", name="Ani Rahmawati")
    return hub


def form_token(http: TestClient) -> str:
    http.get("/masuk")
    token = http.cookies.get("pst_masuk")
    assert token
    return token


def attempt(http: TestClient, username: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password, "csrf_token": form_token(http), **extra}
    return http.post("/masuk", data=data, follow_redirects=False)


def test_the_sign_in_form_is_the_one_password_managers_know(client: HubClient) -> None:
    page = client.http.get("/masuk").text
    assert re.search(r'name="username"[^>]*autocomplete="username"', page)
    assert re.search(r'name="password"[^>]*autocomplete="current-password"', page)
    assert 'type="password"' in page and 'action="/masuk"' in page
    assert "token" not in page.lower().replace("csrf_token", "")


def test_a_signed_in_officer_gets_an_httponly_lax_session_and_lands_on_the_console(
    client: HubClient,
) -> None:
    http = TestClient(client.app)
    answer = attempt(http, "ani", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/petugas"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("pst_sesi="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    me = http.get("/api/staff/me").json()
    assert me["display_name"] == "Ani Rahmawati" and me["roles"] == ["officer"]
    session_id = http.cookies["pst_sesi"]
    stored = client.staff.tables.rows("SELECT * FROM staff_sessions")  # type: ignore[union-attr]
    assert [row["session_hash"] for row in stored] == [digest(session_id)]  # only its hash


def test_over_https_the_cookie_is_secure(make_memory_hub: Callable[..., HubClient]) -> None:
    hub = make_memory_hub()
    hub.add_staff("ani", [Role.OFFICER])
    http = TestClient(hub.app, base_url="https://pst.example")
    answer = attempt(http, "ani", PASSWORD)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("pst_sesi="))
    assert "Secure" in cookie


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(client: HubClient) -> None:
    wrong = attempt(TestClient(client.app), "ani", "salah-sekali-ya")
    unknown = attempt(TestClient(client.app), "siapa", "salah-sekali-ya")
    assert wrong.status_code == unknown.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in wrong.text
    assert "Nama pengguna atau kata sandi salah" in unknown.text
    assert "pst_sesi" not in wrong.headers.get("set-cookie", "")


def test_sign_in_without_the_forms_token_is_refused(client: HubClient) -> None:
    http = TestClient(client.app)
    answer = http.post("/masuk", data={"username": "ani", "password": PASSWORD})
    assert answer.status_code == 403 and "pst_sesi" not in http.cookies


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil"])
def test_after_sign_in_the_browser_never_leaves_the_hub(client: HubClient, target: str) -> None:
    answer = attempt(TestClient(client.app), "ani", PASSWORD, next=target)
    assert answer.headers["location"] == "/petugas"


def test_a_change_made_with_the_cookie_needs_the_sessions_csrf_token(client: HubClient) -> None:
    http = client.sign_in("ani")
    body = {"office_id": "3572", "desk": "Meja 1"}
    csrf = http.headers.pop("X-CSRF-Token")
    refused = http.post("/api/queue/officers/sign-on", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    wrong = http.post("/api/queue/officers/sign-on", json=body, headers={"X-CSRF-Token": "x"})
    assert wrong.status_code == 403
    done = http.post("/api/queue/officers/sign-on", json=body, headers={"X-CSRF-Token": csrf})
    assert done.status_code in (200, 201), done.text


def test_sign_out_ends_the_session_at_once(client: HubClient) -> None:
    http = client.sign_in("ani")
    session = http.cookies["pst_sesi"]
    csrf = http.headers["X-CSRF-Token"]
    assert http.post("/keluar", data={"csrf_token": "lain"}).status_code == 403
    out = http.post("/keluar", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/masuk?sesi=keluar"
    replay = TestClient(client.app, cookies={"pst_sesi": session})
    assert replay.get("/api/staff/me").status_code == 401
    assert replay.get("/petugas", follow_redirects=False).headers["location"].startswith("/masuk")


def test_deactivation_ends_every_session_of_the_person(client: HubClient) -> None:
    first, second = client.sign_in("ani"), client.sign_in("ani")
    assert client.staff is not None
    assert client.staff.deactivate("ani") == 2
    assert first.get("/api/staff/me").status_code == 401
    assert second.get("/api/staff/me").status_code == 401
    again = attempt(TestClient(client.app), "ani", PASSWORD)
    assert again.status_code == 403 and "dinonaktifkan" in again.text


def test_an_idle_session_ends(client: HubClient) -> None:
    http = client.sign_in("ani")
    assert client.staff is not None
    idle = client.staff.settings.session_idle_minutes * 60 + 1
    client.staff.tables.execute("UPDATE staff_sessions SET seen_at = ?", (time.time() - idle,))
    assert http.get("/api/staff/me").status_code == 401


def test_failures_are_throttled_with_a_clear_message_then_let_go(client: HubClient) -> None:
    http = TestClient(client.app)
    for _ in range(client.staff.settings.throttle_per_account_client):  # type: ignore[union-attr]
        assert attempt(http, "ani", "salah-sekali-ya").status_code == 401
    throttled = attempt(http, "ani", PASSWORD)  # even the right password waits
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    assert "Terlalu banyak percobaan gagal" in throttled.text
    assert client.staff is not None
    client.staff.tables.execute("UPDATE staff_signin_failures SET at = at - 3600")
    assert attempt(http, "ani", PASSWORD).status_code == 303  # the window passed


def test_an_attacker_elsewhere_cannot_lock_out_a_browser_that_signed_in_before(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    hub = make_memory_hub(staff={"throttle_per_account": 3, "throttle_per_account_client": 50})
    hub.add_staff("ani", [Role.OFFICER])
    own = TestClient(hub.app)
    assert attempt(own, "ani", PASSWORD).status_code == 303  # her browser: a device mark
    own.cookies.delete("pst_sesi")
    attacker = TestClient(hub.app)
    for _ in range(3):
        attempt(attacker, "ani", "tebak-tebakan-1")
    assert attempt(attacker, "ani", PASSWORD).status_code == 429  # a new browser waits
    assert attempt(own, "ani", PASSWORD).status_code == 303  # hers does not


def test_the_audit_trail_records_every_attempt_for_the_admin(client: HubClient) -> None:
    attempt(TestClient(client.app), "ani", "salah-sekali-ya")
    http = client.sign_in("ani")
    http.post("/keluar", data={"csrf_token": http.headers["X-CSRF-Token"]})
    client.add_staff("kepala", [Role.ADMIN])
    admin = client.sign_in("kepala")
    page = admin.get("/admin/audit").text
    assert page.count("<code>ani</code>") == 3
    for outcome in ("gagal", "masuk", "keluar"):
        assert f"<td>{outcome}</td>" in page
    assert client.sign_in("ani").get("/admin/audit", follow_redirects=False).status_code == 403


def test_passwords_are_argon2id_hashes_with_the_stated_parameters(client: HubClient) -> None:
    assert client.staff is not None
    stored = client.staff.credentials.hash_of("ani") or ""
    assert stored.startswith("$argon2id$v=19$m=32768,t=2,p=1$") and PASSWORD not in stored


def test_the_first_person_becomes_admin_with_the_consoles_one_time_code(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    from hub.bootstrap import announce_first_run

    hub = make_memory_hub()
    printed: list[str] = []

    class Console:
        def write(self, text: str) -> None:
            printed.append(text)

        def flush(self) -> None:
            pass

    code = announce_first_run(hub.hub, Console())  # type: ignore[arg-type]
    assert code and code in "".join(printed) and "/pasang" in "".join(printed)
    http = TestClient(hub.app)
    assert "belum ada admin" in http.get("/masuk").text
    http.get("/pasang")
    form = {
        "csrf_token": http.cookies["pst_masuk"],
        "office_id": "3572",
        "display_name": "Kepala Kantor",
        "username": "kepala",
        "password": "rahasia-kantor-blitar",
    }
    wrong = http.post("/pasang", data={**form, "code": "AAAAAA-BBBBBB-CCCCCC"})
    assert wrong.status_code == 422 and hub.staff.directory.find("kepala") is None  # type: ignore[union-attr]
    done = http.post("/pasang", data={**form, "code": code.lower()}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/staf"
    assert http.get("/admin/staf").status_code == 200  # signed in as the new admin
    assert TestClient(hub.app).get("/pasang").status_code == 410
    assert announce_first_run(hub.hub, Console()) is None  # type: ignore[arg-type]
