"""Poison records never stop a stream (issue 15, failures 1 and 10; docs/adr/0015).

On real PostgreSQL and Kafka: a record a consumer or relay cannot process is set aside
with its reason, the stream carries on (the next walk-in still reaches the queue, later
walk-ins still reach Kafka), a visit's later records are held behind it, and the
operator's retry applies them in order once the cause is fixed: nothing is lost.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from typer.testing import CliRunner

from events import Envelope, topic_for
from hub.cli import app as cli
from infra.context import ServiceContext
from infra.dead_letters import (
    CONSUME,
    HELD,
    OPEN,
    RELAY,
    RETRIED,
    DeadLetters,
    letters_of,
    relay_retry,
    retry_in_order,
)
from infra.processing import ExactlyOnce, process_recorder
from infra.secrets import load_or_create
from infra.transport.kafka import kafka_publisher
from services.intake.composition import build_service as build_intake
from services.queue.domain.ids import ticket_id_for
from services.queue.domain.ticket import ABANDONED, WAITING
from services.queue.reactions import react
from services.queue.tests.arrivals import arrival, at, delivered, departure
from services.queue.tests.scenarios import queue_app, settle, waiting_count, walk_in
from tests.harness import HubClient, read_topic

pytestmark = pytest.mark.integration

MakeHub = Callable[..., HubClient]


def cli_env(client: HubClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator's shell: the same stores, topics and keys as the running hub."""
    settings = client.hub.settings
    assert settings.database.url and settings.kafka.bootstrap_servers
    monkeypatch.setenv("PST_MODE", "distributed")
    monkeypatch.setenv("DATABASE_URL", settings.database.url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", settings.kafka.bootstrap_servers)
    monkeypatch.setenv("PST_KAFKA_TOPIC_PREFIX", settings.kafka.topic_prefix)
    monkeypatch.setenv("PST_VAR_DIR", str(settings.var_dir))


def run_cli(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(cli, ["dead-letters", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines


def test_a_poison_arrival_is_set_aside_and_the_next_walk_in_still_reaches_the_queue(
    make_distributed_hub: MakeHub,
    kafka_settings: Any,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = make_distributed_hub(("intake", "queue"))
    poison = arrival("poison-visit", office_id="9999")  # no BPS office: the queue's rule breaks
    publisher = kafka_publisher(kafka_settings, topic_for("intake", topic_prefix))
    publisher.publish([poison, departure("poison-visit", at("08:30"), office_id="9999")])
    publisher.close()

    with caplog.at_level(logging.ERROR, logger="infra.dead_letters"):
        visit_id = walk_in(client)
        settle(client, lambda: waiting_count(client) == 1)

    app = queue_app(client)
    assert [t.visit_id for t in app.board.waiting("3572", "offline")] == [visit_id]
    letters = client.hub.services["queue"].dead_letters
    assert letters is not None
    arrived, departed = letters.pending()
    assert (arrived.event_type, arrived.status, arrived.key) == (
        "VisitorArrived",
        OPEN,
        "poison-visit",
    )
    assert "office_id" in arrived.reason and arrived.source.startswith(topic_prefix)
    assert (departed.event_type, departed.status) == ("VisitorDeparted", HELD)
    alerts = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("VisitorArrived" in line and "office_id" in line for line in alerts)
    assert not any("vr_0001" in line for line in alerts)  # the reason, never the payload

    cli_env(client, monkeypatch)
    code, listed = run_cli("list", "--service", "queue")
    assert code == 0 and [d["id"] for d in listed] == [arrived.id, departed.id]
    assert "record" not in listed[0]
    code, [outcome] = run_cli("retry", "--service", "queue", "--all")
    assert code == 1 and outcome == {"service": "queue", "retried": 0, "still_pending": 2}
    code, _ = run_cli("discard", "--service", "queue", "--id", str(arrived.id))
    assert code == 0
    code, [outcome] = run_cli("retry", "--service", "queue", "--id", str(departed.id))
    assert code == 0 and outcome["retried"] == 1  # no ticket to end: applied as nothing
    assert run_cli("list", "--service", "queue") == (0, [])
    code, history = run_cli("list", "--service", "queue", "--all")
    assert [d["status"] for d in history] == ["discarded", "retried"]


def test_a_retry_after_the_fix_applies_the_visit_in_order_and_loses_nothing(
    make_distributed_hub: MakeHub,
) -> None:
    client = make_distributed_hub(("queue",))
    app = queue_app(client)
    letters = DeadLetters(app, "queue")

    def buggy(envelope: Envelope) -> Any:  # the release with a bug, for one visit
        if envelope.visit_id == "visit-a":
            raise ValueError("cannot number this ticket")
        return react(app, envelope)

    before = ExactlyOnce(app, buggy, letters=letters)
    before(
        [
            delivered(arrival("visit-a", when=at("08:10")), position=1),
            delivered(arrival("visit-b", when=at("08:11")), position=2),
            delivered(departure("visit-a", at("08:20")), position=3),
        ]
    )
    assert [(d.key, d.status) for d in letters.pending()] == [
        ("visit-a", OPEN),
        ("visit-a", HELD),
    ]
    assert process_recorder(app).max_tracking_id("intake") == 3  # the stream went on
    app.board.catch_up()
    assert [t.visit_id for t in app.board.waiting("3572", "offline")] == ["visit-b"]

    fixed = ExactlyOnce(app, partial(react, app), letters=letters)  # the fixed release
    assert retry_in_order(letters, letters.pending(), fixed.retry) == (2, 0)
    assert retry_in_order(letters, letters.pending(), fixed.retry) == (0, 0)
    assert [d.status for d in letters.all()] == [RETRIED, RETRIED]
    assert app.get_ticket(ticket_id_for("visit-a")).state == ABANDONED  # arrived, then left
    assert app.get_ticket(ticket_id_for("visit-b")).state == WAITING


def test_the_relay_sets_aside_records_it_cannot_decrypt_and_later_walk_ins_reach_kafka(
    make_distributed_hub: MakeHub, kafka_bootstrap: str, topic_prefix: str, kafka_settings: Any
) -> None:
    client = make_distributed_hub(("intake",))
    first = walk_in(client)
    # Failure 10: a second host with its own var/ (another cipher key) writes to the store.
    settings = client.hub.settings.model_copy(update={"var_dir": client.hub.settings.var_dir / "b"})
    other = ServiceContext.from_settings(settings)
    assert (
        other.cipher_key
        != load_or_create(client.hub.settings.var_dir / "secrets.json")["cipher_key"]
    )
    stranger = build_intake(other, settings.intake)
    stranger_client = HubClient.__new__(HubClient)
    stranger_client.http = _client_of(stranger, client)
    stranger_client.token = client.token
    second = walk_in(stranger_client)
    third = walk_in(client)

    [relay] = client.hub.relays
    relay.run_until_caught_up()
    topic = topic_for("intake", topic_prefix)
    published = read_topic(kafka_bootstrap, topic, expected=4)
    arrivals = [e.visit_id for e in published if e.event_type == "VisitorArrived"]
    assert sorted(map(str, arrivals)) == sorted([first, third])
    letters = letters_of(client.hub.services["intake"])
    pending = letters.pending()
    # The visit's two records, and the stranger's visitor and alias records (no event).
    assert len(pending) == 4 and second in {d.key for d in pending}
    assert {d.stage for d in pending} == {RELAY}
    assert all("cannot decrypt or map" in d.reason for d in pending)

    # Retrying with the relay's own key fails again and keeps the records...
    publisher = kafka_publisher(kafka_settings, topic)
    try:
        service = client.hub.services["intake"]
        assert retry_in_order(letters, pending, relay_retry(service, publisher.publish)) == (0, 4)
        # ...with the key they were written with, they reach Kafka, in their order.
        done = retry_in_order(letters, letters.pending(), relay_retry(stranger, publisher.publish))
    finally:
        publisher.close()
        if stranger.close:
            stranger.close()
    assert done == (4, 0)
    published = read_topic(kafka_bootstrap, topic, expected=6)
    of_second = [e.event_type for e in published if e.visit_id == second]
    assert of_second == ["VisitorArrived", "IdentityCardDeposited"]  # one partition: in order
    assert len([e for e in published if e.event_type == "VisitorArrived"]) == 3
    assert relay.run_until_caught_up() == 0 and not letters.pending()
    assert CONSUME not in {d.stage for d in letters.all()}


def _client_of(service: Any, client: HubClient) -> Any:
    """A test client over one service built outside the hub (the stranger's process)."""
    from fastapi.testclient import TestClient

    from hub.runtime import Hub
    from hub.web import create_app

    hub = Hub(client.hub.settings, {"intake": service}, roles=("api",))
    return TestClient(create_app(hub, client.tokens, start_background=False))


def test_embedded_hub_sets_aside_on_sqlite_and_the_operator_sees_it(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hub.runtime import Hub, load_services
    from hub.settings import HubSettings

    settings = HubSettings(var_dir=tmp_path / "var")
    services = load_services(settings, ServiceContext.from_settings(settings), ("queue",))
    hub = Hub(settings, services)
    try:
        queue = hub.services["queue"]
        assert queue.handle_batch is not None and queue.dead_letters is not None
        queue.handle_batch(
            [
                delivered(arrival("poison-visit", office_id="9999"), position=1),
                delivered(arrival("visit-b", when=at("08:11")), position=2),
                delivered(departure("poison-visit", at("08:30"), office_id="9999"), position=3),
            ]
        )
        assert [(d.key, d.status) for d in queue.dead_letters.pending()] == [
            ("poison-visit", OPEN),
            ("poison-visit", HELD),
        ]
    finally:
        hub.stop()
    monkeypatch.setenv("PST_VAR_DIR", str(settings.var_dir))
    code, listed = run_cli("list")
    assert code == 0
    assert [(d["service"], d["event_type"], d["status"]) for d in listed] == [
        ("queue", "VisitorArrived", OPEN),
        ("queue", "VisitorDeparted", HELD),
    ]
    code, _ = run_cli("retry", "--service", "queue")  # names nothing: refused, changes nothing
    assert code == 2
    assert len(run_cli("list")[1]) == 2


def test_undecodable_bytes_on_the_topic_are_set_aside_between_two_visits_that_still_arrive(
    make_distributed_hub: MakeHub,
    kafka_settings: Any,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Raw records no reader can decode (garbage bytes, text that is not UTF-8, JSON of
    another shape, a header that is not text), produced between two valid arrivals on one
    partition: both visits reach the queue, each bad record is listed where it was and
    why, and an operator's retry of one fails again instead of looping forever."""
    from kafka import KafkaProducer

    from events import encode

    client = make_distributed_hub(("queue",))
    topic = topic_for("intake", topic_prefix)
    first, second = arrival("visit-before"), arrival("visit-after")
    producer = KafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers)
    records: list[tuple[bytes | None, bytes, list[tuple[str, bytes]]]] = [
        (b"visit-before", encode(first), []),
        (None, b"\x00\x9f\x92\x96 not an event \xff", []),
        (b"visit-broken", '{"note": "caf\u00e9"}'.encode("latin-1"), []),
        (None, b'{"event_type": "VisitorArrived"}', []),
        (b"visit-after-header", encode(arrival("visit-x")), [("event_type", b"\xc3\x28")]),
        (b"visit-after", encode(second), []),
    ]
    for key, value, headers in records:
        producer.send(topic, value=value, key=key, partition=0, headers=headers)
    producer.flush()
    producer.close()

    with caplog.at_level(logging.ERROR, logger="infra.dead_letters"):
        settle(client, lambda: waiting_count(client) == 2)
    waiting = [t.visit_id for t in queue_app(client).board.waiting("3572", "offline")]
    assert sorted(waiting) == ["visit-after", "visit-before"]  # and the rest never arrived

    letters = client.hub.services["queue"].dead_letters
    assert letters is not None
    aside = letters.pending()
    assert [d.position for d in aside] == [2, 3, 4, 5]  # offsets 1-4, positions after them
    assert {d.source for d in aside} == {f"{topic}#0"}
    assert all(d.event_type == "(unreadable)" and d.stage == CONSUME for d in aside)
    assert "InvalidEvent" in aside[0].reason and "offset 1" in aside[0].reason
    assert "header" in aside[3].reason
    assert aside[1].key == "visit-broken"
    alerts = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert sum("(unreadable)" in line for line in alerts) == 4
    assert not any("caf" in line for line in alerts)  # where and why, never the bytes
    metrics = client.http.get("/metrics").text
    assert 'pst_dead_letters{service="queue"} 4.0' in metrics

    cli_env(client, monkeypatch)
    code, listed = run_cli("list", "--service", "queue")
    assert code == 0 and [(d["source"], d["position"]) for d in listed] == [
        (f"{topic}#0", position) for position in (2, 3, 4, 5)
    ]
    code, [outcome] = run_cli("retry", "--service", "queue", "--id", str(listed[0]["id"]))
    assert code == 1 and outcome["still_pending"] == 1  # it cannot be read now either

    client.hub.drain()  # a restart of the stream reads from the recorded position: no loop
    assert len(letters.pending()) == 4 and waiting_count(client) == 2
