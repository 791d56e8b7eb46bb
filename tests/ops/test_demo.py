"""`make demo`: a fresh embedded hub, an office day through its HTTP APIs, a full dashboard."""

from __future__ import annotations

import json
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
    assert json.loads((var / "tokens.json").read_text())  # staff tokens, hashed only
    assert "pst_" not in (var / "tokens.json").read_text()
