"""Fixtures that build hubs for tests: in memory (unit), embedded SQLite, or distributed.

A distributed hub uses the real PostgreSQL (a fresh schema set per test) and the real
Kafka broker (topics under a unique prefix per test), exactly as production does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, TopicPartition

from events import Envelope, all_topics, decode
from hub.runtime import SERVICE_NAMES, Hub, Ports, load_services
from hub.settings import HubSettings
from hub.web import create_app
from infra.context import ServiceContext
from infra.security import Role, TokenRegistry
from infra.settings import DatabaseSettings, KafkaSettings
from infra.transport.kafka import ensure_topics
from services.staff.container import StaffParts
from services.staff.tokens import MachineTokens

OFFICE = "3572"
ALL_SERVICES = SERVICE_NAMES


PASSWORD = "kata-sandi-uji-yang-panjang"


class HubClient:
    """A TestClient over a hub, with a machine token per role (the staff service's own
    tokens, kept in its store) and staff accounts made on demand."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        staff = hub.services.get("staff")
        self.staff: StaffParts | None = None
        if staff is not None:
            assert isinstance(staff.container, StaffParts)
            self.staff = staff.container
        self.tokens: TokenRegistry | MachineTokens = (
            self.staff.tokens if self.staff is not None else TokenRegistry()
        )
        self.token = {role: self.tokens.issue(f"test-{role}", [role], OFFICE) for role in Role}
        extra = None if self.staff is not None else self.tokens
        self.app = create_app(hub, extra, start_background=False)
        self.http = TestClient(self.app, raise_server_exceptions=True)

    def add_staff(
        self,
        username: str,
        roles: list[Role] | list[str],
        office: str = OFFICE,
        password: str | None = PASSWORD,
        name: str | None = None,
        **details: Any,
    ) -> str:
        """A staff member in the directory (with a password unless None); their username."""
        assert self.staff is not None, "this hub was built without the staff service"
        display = name or username.replace(".", " ").title()
        chosen = [str(role) for role in roles if str(role) != "channel"]
        self.staff.add_member(username, display, office, chosen, password=password, **details)
        return username

    def sign_in(self, username: str, password: str = PASSWORD) -> TestClient:
        """A new TestClient signed in through /masuk (its own cookies), with the session's
        CSRF token as the default `X-CSRF-Token` header, as the kit's PST.api sends it."""
        http = TestClient(self.app, raise_server_exceptions=True)
        page = http.get("/masuk")
        csrf = page.cookies.get("pst_masuk") or http.cookies.get("pst_masuk")
        answer = http.post(
            "/masuk",
            data={"username": username, "password": password, "csrf_token": csrf, "next": ""},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        row = self.session_row(http.cookies.get("pst_sesi") or "")
        http.headers["X-CSRF-Token"] = row["csrf_token"]
        return http

    def session_row(self, session_id: str) -> dict[str, Any]:
        assert self.staff is not None
        found = self.staff.sessions.live(session_id)
        assert found is not None, "no live session"
        return found[0]

    def auth(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token[role]}"}

    def issue(self, subject: str, roles: list[Role], office: str = OFFICE) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.issue(subject, roles, office)}"}


def _settings(tmp_path: Path, **values: Any) -> HubSettings:
    return HubSettings(var_dir=tmp_path / "var", **values)


class _Hubs:
    """The hubs a fixture started, stopped when it ends."""

    def __init__(self) -> None:
        self.hubs: list[Hub] = []

    def start(
        self,
        settings: HubSettings,
        ctx: ServiceContext,
        services: tuple[str, ...],
        ports: Ports | None,
    ) -> HubClient:
        hub = Hub(settings, load_services(settings, ctx, services, ports))
        self.hubs.append(hub)
        return HubClient(hub)

    def __enter__(self) -> _Hubs:
        return self

    def __exit__(self, *_: object) -> None:
        for hub in self.hubs:
            hub.stop()


@pytest.fixture
def make_memory_hub(tmp_path: Path) -> Iterator[Callable[..., HubClient]]:
    """Hub on the in-memory store, embedded transport: unit tests in milliseconds."""
    with _Hubs() as hubs:

        def make(
            services: tuple[str, ...] = ALL_SERVICES, ports: Ports | None = None, **values: Any
        ) -> HubClient:
            settings = _settings(tmp_path, **values)
            ctx = ServiceContext.from_settings(settings, in_memory=True)
            return hubs.start(settings, ctx, services, ports)

        yield make


@pytest.fixture
def make_distributed_hub(
    tmp_path: Path, postgres_url: str, kafka_settings: KafkaSettings
) -> Iterator[Callable[..., HubClient]]:
    """Hub on real PostgreSQL + Kafka; each test gets its own database and topics, and runs
    once per Kafka client (`kafka_client`)."""
    hubs = _Hubs()
    database = f"pst_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    url = postgres_url.rsplit("/", 1)[0] + "/" + database

    def make(
        services: tuple[str, ...] = ALL_SERVICES, ports: Ports | None = None, **values: Any
    ) -> HubClient:
        settings = _settings(
            tmp_path,
            mode="distributed",
            database=DatabaseSettings(url=url),
            kafka=kafka_settings,
            **values,
        )
        ctx = ServiceContext.from_settings(settings)
        ensure_topics(settings.kafka, all_topics(kafka_settings.topic_prefix))
        return hubs.start(settings, ctx, services, ports)

    with hubs:
        yield make
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def raw_topic_messages(bootstrap: str, topic: str, timeout: float = 15.0) -> list[Any]:
    """Every message on a topic now: an independent consumer reads each partition to its end."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        messages: list[Any] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: could not read to the end in {timeout}s")
            for records in consumer.poll(timeout_ms=200).values():
                messages.extend(records)
        return messages
    finally:
        consumer.close()


def read_topic(
    bootstrap: str, topic: str, expected: int = 0, timeout: float = 15.0
) -> list[Envelope]:
    """The envelopes on a topic, decoded (and so validated) by the codec.

    With `expected`, waits until at least that many are there.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = [decode(m.value) for m in raw_topic_messages(bootstrap, topic, timeout)]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.1) -> None:
    """Poll `condition` until it holds; fail the test when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"condition not met within {timeout}s"
        time.sleep(interval)
