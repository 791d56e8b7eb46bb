"""`make demo`: a fresh embedded hub, an office day through its HTTP APIs, a full dashboard."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.ops.processes import HUB, free_port

pytestmark = [pytest.mark.integration]


def test_the_demo_day_reaches_the_dashboard_on_every_channel(tmp_path: Path) -> None:
    var = tmp_path / "demo"
    command = [str(HUB), "demo", "--var-dir", str(var), "--port", str(free_port())]
    done = subprocess.run(
        [*command, "--no-keep-running"], capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("dasbor: "))
    shown = line.removeprefix("dasbor: ")
    for channel in ("walk_in", "halopst", "whatsapp", "email"):
        assert f'"{channel}"' in shown
    again = subprocess.run(
        [*command, "--no-keep-running"], capture_output=True, text=True, timeout=240
    )
    assert again.returncode == 0, again.stderr  # a second demo starts a fresh day
    listed = subprocess.run(
        [str(HUB), "token", "list", "--json"],
        env={**os.environ, "PST_VAR_DIR": str(var)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert {row["subject"] for row in json.loads(listed)} >= {"kepala", "kanal"}
    assert "pst_" not in listed  # only hashes are kept: a token is shown once, when made
    assert "sandi demo-" in done.stdout  # people sign in at /masuk with the printed password
