"""Kafka away: the operator's status and the dashboard's lag answer quickly, lag unknown.

Issue 15, failure 9: `hub projection status` exited with a traceback and the lag answered
500 after 30 s. Here the broker address is a port where nothing listens, the database is
real; the command answers within seconds, says the lag is unknown, and prints no traceback.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

QUICK = 20.0  # seconds: well under the 30 s a client library would wait


def closed_port() -> int:
    with socket.socket() as probe:  # bound then closed: nothing listens there
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_projection_status_without_a_broker_says_lag_unknown_without_a_traceback(
    postgres_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PST_MODE": "distributed",
        "DATABASE_URL": postgres_url,
        "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{closed_port()}",
        "PST_VAR_DIR": str(tmp_path / "var"),
    }
    hub = str(Path(sys.executable).with_name("hub"))
    started = time.monotonic()
    done = subprocess.run(
        [hub, "projection", "status"], env=env, capture_output=True, text=True, timeout=120
    )
    took = time.monotonic() - started
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    status = json.loads(done.stdout)
    assert all(row["end"] is None and row["lag"] is None for row in status["lag"])
    assert "projection lag unknown: KafkaTimeoutError" in done.stderr  # said, not raised
    assert took < QUICK + 10, f"{took:.1f}s"  # a process start plus a bounded lag lookup
