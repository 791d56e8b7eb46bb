"""Real `hub run` processes for operations tests: started together, logs kept, stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

HUB = Path(sys.executable).parent / "hub"
START_SECONDS = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    name = f"pst_ops_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Process:
    role: str
    port: int
    log: Path
    popen: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Processes:
    """The api, relay and consumer processes of one hub, sharing a database and topics."""

    env: dict[str, str]
    var_dir: Path
    logs: Path
    running: dict[str, Process] = field(default_factory=dict)

    def start_together(self, roles: list[str]) -> None:
        """Every process is spawned before any is waited for: they start at one moment."""
        for role in roles:
            port = free_port()
            option = "--port" if role == "api" else "--health-port"
            log = self.logs / f"{role}.log"
            popen = subprocess.Popen(
                [str(HUB), "run", "--roles", role, option, str(port)],
                env=self.env,
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
            )
            self.running[role] = Process(role, port, log, popen)

    def wait_ready(self, timeout: float = START_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        for process in self.running.values():
            while True:
                code = process.popen.poll()
                assert code is None, f"{process.role} exited {code}:\n{process.log.read_text()}"
                try:
                    if httpx.get(process.url + "/health/ready", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"{process.role} not ready:\n" + (
                    process.log.read_text()
                )
                time.sleep(0.3)

    def stop(self) -> None:
        for process in self.running.values():
            if process.popen.poll() is None:
                process.popen.send_signal(signal.SIGTERM)
        for process in self.running.values():
            try:
                process.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.popen.kill()
                process.popen.wait()

    def log_text(self) -> str:
        return "\n".join(p.log.read_text() for p in self.running.values())


def hub_env(var_dir: Path, database_url: str, bootstrap: str, prefix: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("PST_")}
    keep.pop("DATABASE_URL", None)
    keep.pop("KAFKA_BOOTSTRAP_SERVERS", None)
    return {
        **keep,
        "PST_MODE": "distributed",
        "PST_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "PST_KAFKA_TOPIC_PREFIX": prefix,
        "PST_LOG_FORMAT": "json",
    }


_TOKENS: dict[tuple[str, str], str] = {}


def machine_token(env: dict[str, str], role: str = "admin", office: str = "3572") -> str:
    """A token made by `hub token create` beside the running processes (the same store):
    it works at once, no restart. One per hub and role, made on first use."""
    key = (env.get("PST_VAR_DIR", "") + env.get("DATABASE_URL", ""), role)
    if key not in _TOKENS:
        done = subprocess.run(
            [
                str(HUB),
                "token",
                "create",
                "--subject",
                f"uji-{role}",
                "--role",
                role,
                "--office",
                office,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        _TOKENS[key] = done.stdout.strip().splitlines()[-1]
    return _TOKENS[key]
