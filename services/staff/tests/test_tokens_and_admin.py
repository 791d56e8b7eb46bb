"""Machine tokens and the admin's pages: made, listed, revoked and expiring without a
restart; staff managed in the browser, each admin within their office."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.roles import Role
from tests.harness import PASSWORD, HubClient


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[Callable[[], HubClient]]:
    """Hubs over the same embedded store (var/staff.sqlite3), as two `hub run` processes
    would be: nothing shared but the database."""
    hubs: list[Hub] = []

    def start() -> HubClient:
        settings = HubSettings(var_dir=tmp_path / "var")
        ctx = ServiceContext.from_settings(settings)
        hub = Hub(settings, load_services(settings, ctx, ("staff", "queue")))
        hubs.append(hub)
        return HubClient(hub)

    yield start
    for hub in hubs:
        hub.stop()


def test_a_new_token_works_and_a_revoked_one_is_refused_in_every_process(
    two_processes: Callable[[], HubClient],
) -> None:
    first, second = two_processes(), two_processes()
    assert first.staff is not None and second.staff is not None
    token = first.staff.tokens.issue("adaptor-wa", [Role.CHANNEL], "3572")
    bearer = {"Authorization": f"Bearer {token}"}
    assert second.http.get("/api/staff/me", headers=bearer).json()["username"] == "adaptor-wa"
    [info] = [t for t in first.staff.tokens.list() if t.subject == "adaptor-wa"]
    first.staff.tokens.revoke(info.token_id)
    assert first.http.get("/api/staff/me", headers=bearer).status_code == 401  # at once here
    deadline = time.monotonic() + second.staff.tokens.cache_seconds + 1
    while second.http.get("/api/staff/me", headers=bearer).status_code != 401:
        assert time.monotonic() < deadline, "the other process still accepts a revoked token"
        time.sleep(0.2)


def test_sign_out_and_deactivation_count_in_the_other_process_at_the_next_request(
    two_processes: Callable[[], HubClient],
) -> None:
    first, second = two_processes(), two_processes()
    first.add_staff("ani", [Role.OFFICER])
    http = first.sign_in("ani")
    other = TestClient(second.app, cookies={"pst_sesi": http.cookies["pst_sesi"]})
    assert other.get("/api/staff/me").json()["username"] == "ani"
    http.post("/keluar", data={"csrf_token": http.headers["X-CSRF-Token"]})
    assert other.get("/api/staff/me").status_code == 401
    again = first.sign_in("ani")
    other = TestClient(second.app, cookies={"pst_sesi": again.cookies["pst_sesi"]})
    assert second.staff is not None
    second.staff.directory.deactivate("ani")  # without ending sessions: still refused
    assert other.get("/api/staff/me").status_code == 401
    assert again.get("/api/staff/me").status_code == 401


def test_an_expired_token_is_refused(make_memory_hub: Callable[..., HubClient]) -> None:
    client = make_memory_hub()
    assert client.staff is not None
    token = client.staff.tokens.issue("skrip", [Role.AUDITOR], "3572", time.time() + 0.5)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.http.get("/api/staff/me", headers=bearer).status_code == 200
    time.sleep(0.6)
    assert client.http.get("/api/staff/me", headers=bearer).status_code == 401


def test_tokens_through_the_api_are_shown_once_and_listed_without_the_secret(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = make_memory_hub()
    admin = client.auth(Role.ADMIN)
    made = client.http.post(
        "/api/staff/tokens",
        json={"subject": "adaptor-email", "roles": ["channel"], "office_id": "3572"},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    listed = client.http.get("/api/staff/tokens", headers=admin)
    assert token not in listed.text and "adaptor-email" in listed.text
    other = client.http.post(
        "/api/staff/tokens",
        json={"subject": "x", "roles": ["channel"], "office_id": "3571"},
        headers=admin,
    )
    assert other.status_code == 403  # not the admin's office
    naive = client.http.post(
        "/api/staff/tokens",
        json={
            "subject": "x",
            "roles": ["channel"],
            "office_id": "3572",
            "expires_at": "2030-01-01T00:00:00",
        },
        headers=admin,
    )
    assert naive.status_code == 422 and naive.json()["detail"][0]["loc"][-1] == "expires_at"
    revoked = client.http.post(f"/api/staff/tokens/{made.json()['token_id']}/revoke", headers=admin)
    assert revoked.json()["state"] == "revoked"
    assert (
        client.http.get("/api/staff/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_an_admin_manages_the_staff_of_their_office_in_the_browser(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = make_memory_hub()
    client.add_staff("kepala", [Role.ADMIN])
    client.add_staff("lain", [Role.OFFICER], office="3571")
    admin = client.sign_in("kepala")
    csrf = admin.headers.pop("X-CSRF-Token")
    form = {
        "csrf_token": csrf,
        "username": "budi",
        "password": "sandi-awal-budi-x",  # contains the username: refused
        "display_name": "Budi Santoso",
        "nip": "123",
        "office_id": "3572",
        "roles": ["officer"],
    }
    refused = admin.post("/admin/staf", data=form)
    assert refused.status_code == 422
    assert "NIP harus 18 angka" in refused.text and "nama pengguna" in refused.text
    assert client.staff is not None and client.staff.directory.find("budi") is None
    form.update(password="rahasia-meja-dua", nip="199001012015031002")
    added = admin.post("/admin/staf", data=form, follow_redirects=False)
    assert added.status_code == 303
    listing = admin.get("/admin/staf").text
    assert "Budi Santoso" in listing and "199001012015031002" in listing
    assert ">lain<" not in listing and "/admin/staf/lain" not in listing  # another office
    assert admin.get("/admin/staf/lain").status_code == 404
    elsewhere = admin.post("/admin/staf", data={**form, "username": "citra", "office_id": "3571"})
    assert elsewhere.status_code == 422 and "hanya kantor Anda sendiri" in elsewhere.text
    budi = client.sign_in("budi", "rahasia-meja-dua")
    off = admin.post("/admin/staf/budi/nonaktif", data={"csrf_token": csrf}, follow_redirects=False)
    assert off.status_code == 303
    assert budi.get("/api/staff/me").status_code == 401
    no_csrf = admin.post("/admin/staf/budi/aktif", data={})
    assert no_csrf.status_code == 403
    page = admin.post(
        "/admin/token",
        data={
            "csrf_token": csrf,
            "subject": "adaptor-wa",
            "office_id": "3572",
            "roles": ["channel"],
        },
    )
    assert page.status_code == 201 and "hanya ditampilkan sekali" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_the_cli_adds_lists_deactivates_and_makes_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub.cli import app

    monkeypatch.setenv("PST_VAR_DIR", str(tmp_path / "var"))
    runner = CliRunner()
    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "ani",
            "--name",
            "Ani Rahmawati",
            "--nip",
            "198503122010122001",
            "--role",
            "officer",
            "--office",
            "3572",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    bad = runner.invoke(app, ["users", "add", "Bad Name", "--name", "x", "--role", "officer"])
    assert bad.exit_code == 2 and "username" in bad.output
    listed = runner.invoke(app, ["users", "list"]).output
    assert "ani" in listed and "Ani Rahmawati" in listed and "aktif" in listed
    made = runner.invoke(
        app, ["token", "create", "--subject", "skrip", "--role", "auditor", "--expires", "30d"]
    )
    token = made.stdout.strip().splitlines()[-1]
    assert made.exit_code == 0 and token.startswith("pst_")
    rows = runner.invoke(app, ["token", "list"]).output
    assert "skrip" in rows and token not in rows
    token_id = rows.split()[0]
    assert runner.invoke(app, ["token", "revoke", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["token", "list"]).output
    gone = runner.invoke(app, ["users", "deactivate", "ani"])
    assert gone.exit_code == 0 and "nonaktif" in runner.invoke(app, ["users", "list"]).output


def test_an_open_live_stream_ends_soon_after_sign_out(
    make_memory_hub: Callable[..., HubClient], live_hub: Callable[[HubClient], str]
) -> None:
    import httpx

    from infra.pages.sse import RECHECK_SECONDS

    client = make_memory_hub()
    url = live_hub(client)
    client.add_staff("kepala", [Role.SUPERVISOR])
    signed_in = client.sign_in("kepala")
    cookies = {"pst_sesi": signed_in.cookies["pst_sesi"]}
    stream_url = url + "/api/reporting/offices/3572/dashboard/stream"
    started = time.monotonic()
    with httpx.stream("GET", stream_url, cookies=cookies, timeout=30) as stream:
        assert stream.status_code == 200
        lines = stream.iter_lines()
        assert next(line for line in lines if line.startswith("event:")) == "event: snapshot"
        signed_in.post("/keluar", data={"csrf_token": signed_in.headers["X-CSRF-Token"]})
        for _ in lines:  # runs until the server closes the stream
            pass
        ended_at = time.monotonic()
    assert ended_at - started < RECHECK_SECONDS * 3, "the stream outlived the session"
