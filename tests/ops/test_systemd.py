"""The systemd units, read by systemd's own parser, and the installer staged into a folder."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from hub.runtime import ROLES

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/pst-hub/"  # what only the installer creates


def verify(*units: Path) -> list[str]:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        message = "systemd-analyze is missing (apt-get install systemd)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [analyze, "verify", *map(str, units)], capture_output=True, text=True, cwd=UNITS
    )
    return [line for line in done.stderr.splitlines() if line.strip()]


def test_systemd_finds_nothing_wrong_in_the_units_but_the_paths_to_install() -> None:
    units = sorted(UNITS.glob("*.service")) + sorted(UNITS.glob("*.target"))
    instance = UNITS / "pst-hub-consumer@.service"
    complaints = verify(*[u for u in units if u != instance], UNITS / "pst-hub-consumer@1.service")
    unexpected = [
        line for line in complaints if not (INSTALLED in line and "is not executable" in line)
    ]
    assert unexpected == []


def test_systemd_names_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / "pst-hub-broken.service"
    text = (
        (UNITS / "pst-hub-api.service").read_text().replace("Restart=on-failure", "Restart=maybe")
    )
    broken.write_text(text.replace("ExecStart=", "ExecStrat="))
    complaints = verify(broken)
    assert any("ExecStrat" in line for line in complaints)
    assert any("restart" in line.lower() for line in complaints)


def test_every_role_runs_as_the_service_user_with_the_shared_secrets() -> None:
    seen = set()
    for unit in UNITS.glob("pst-hub-*.service"):
        text = unit.read_text()
        assert "User=pst" in text and "EnvironmentFile=/etc/pst-hub/hub.env" in text, unit
        command = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)  # type: ignore[union-attr]
        if " run " in command:
            seen |= set(command.split("--roles ")[1].split()[0].split(","))
    assert seen == ROLES


def test_the_installer_stages_units_and_private_generated_secrets(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", str(UNITS / "install.sh"), "--root", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    env = tmp_path / "etc" / "pst-hub" / "hub.env"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    values = dict(
        line.split("=", 1) for line in env.read_text().splitlines() if line and line[0] != "#"
    )
    assert len(values["PST_CIPHER_KEY"]) == 44 and len(values["PST_VISITOR_REF_KEY"]) == 64
    first = env.read_text()
    again = subprocess.run(["bash", str(UNITS / "install.sh"), "--root", str(tmp_path)])
    assert again.returncode == 0 and env.read_text() == first  # a reinstall keeps the keys
    assert (tmp_path / "etc" / "systemd" / "system" / "pst-hub.target").exists()
    assert (tmp_path / "opt" / "pst-hub" / "uv.lock").exists()
