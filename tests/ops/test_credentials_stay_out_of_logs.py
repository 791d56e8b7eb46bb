"""A real embedded `hub run` driven the way staff use it — the first-run setup, password
sign-in, a session's changes, a machine token made, used and revoked from the shell,
sign-out — and then its whole log searched for every credential it saw."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ops.processes import HUB, Processes

pytestmark = [pytest.mark.integration]
PASSWORD = "sandi-rahasia-kantor-blitar"
CODE = re.compile(r"masukkan kode: ([0-9A-F-]{20})")


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Processes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PST_")}
    env.pop("DATABASE_URL", None)
    env |= {
        "PST_VAR_DIR": str(tmp_path / "var"),
        "PST_LOG_FORMAT": "json",
        "PST_LOG_LEVEL": "DEBUG",
    }
    processes = Processes(env, tmp_path / "var", tmp_path)
    processes.start_together(["api"])
    processes.wait_ready()
    yield processes
    processes.stop()


def form_token(http: httpx.Client, path: str) -> str:
    http.get(path)
    return str(http.cookies["pst_masuk"])


def test_no_password_session_csrf_or_token_reaches_the_log(hub: Processes) -> None:
    api = hub.running["api"]
    code = CODE.search(api.log.read_text())
    assert code, "the first start prints its setup code"
    seen: list[str] = [PASSWORD, code[1]]
    with httpx.Client(base_url=api.url, timeout=10) as http:
        form = {
            "csrf_token": form_token(http, "/pasang"),
            "code": code[1],
            "office_id": "3572",
            "display_name": "Kepala Kantor",
            "username": "kepala",
            "password": PASSWORD,
        }
        assert http.post("/pasang", data=form).status_code == 303
        seen.append(http.cookies["pst_sesi"])
        http.cookies.clear()
        wrong = {
            "csrf_token": form_token(http, "/masuk"),
            "username": "kepala",
            "password": "salah-" + PASSWORD,
        }
        assert http.post("/masuk", data=wrong).status_code == 401
        seen.append(wrong["password"])
        right = {**wrong, "password": PASSWORD}
        assert http.post("/masuk", data=right).status_code == 303
        session = str(http.cookies["pst_sesi"])
        page = http.get("/admin/staf").text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert csrf
        seen += [session, csrf[1]]
        added = http.post(
            "/api/staff/members",
            json={
                "username": "ani",
                "display_name": "Ani",
                "office_id": "3572",
                "roles": ["officer"],
                "password": "kata-sandi-petugas-meja",
            },
            headers={"X-CSRF-Token": csrf[1]},
        )
        assert added.status_code == 201, added.text
        seen.append("kata-sandi-petugas-meja")
        made = subprocess.run(
            [str(HUB), "token", "create", "--subject", "skrip", "--role", "auditor"],
            env=hub.env,
            capture_output=True,
            text=True,
            check=True,
        )
        token = made.stdout.strip().splitlines()[-1]
        seen.append(token)
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(api.url + "/api/staff/me", headers=bearer).status_code == 200
        listed = subprocess.run(
            [str(HUB), "token", "list"], env=hub.env, capture_output=True, text=True, check=True
        )
        token_id = next(line.split()[0] for line in listed.stdout.splitlines() if "skrip" in line)
        subprocess.run(
            [str(HUB), "token", "revoke", token_id], env=hub.env, check=True, capture_output=True
        )
        deadline = time.monotonic() + 5  # the running process refuses it within seconds
        while httpx.get(api.url + "/api/staff/me", headers=bearer).status_code != 401:
            assert time.monotonic() < deadline, "a revoked token still works"
            time.sleep(0.25)
        http.post("/keluar", data={"csrf_token": csrf[1]})
    hub.stop()
    lines = [line for line in api.log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    banner = [line for line in lines if not line.startswith("{")]
    assert records and all("request_id" in r or r.get("logger") for r in records)
    assert any("/masuk" in r.get("message", "") for r in records)  # requests are logged
    logged = "\n".join(json.dumps(r) for r in records)
    found = [secret for secret in seen if secret in logged]
    assert found == [], f"{len(found)} credential(s) in the log records"
    assert code[1] in "\n".join(banner)  # the setup code is printed once, on the console only
    assert not [line for line in banner if any(s in line for s in seen if s != code[1])]
