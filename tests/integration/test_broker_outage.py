"""Nothing is lost when the broker goes away: the relay keeps its position and catches up.

This test runs a private Kafka broker (and PostgreSQL) from deploy/local/stack.sh, kills
the broker with SIGKILL while walk-ins keep arriving, and restarts it.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from events import topic_for
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.relay import Relay
from infra.settings import DatabaseSettings, KafkaSettings
from infra.transport.kafka import ensure_topics, kafka_publisher
from services.intake.composition import build_service
from services.intake.domain.visit import Visit
from tests.harness import raw_topic_messages, wait_until
from tests.stack import stack

pytestmark = pytest.mark.integration


def test_relay_loses_nothing_across_a_broker_crash(
    private_stack, tmp_path: Path, kafka_client: Any
) -> None:
    state, env = private_stack
    bootstrap, database_url = env["KAFKA_BOOTSTRAP_SERVERS"], env["DATABASE_URL"]
    settings = HubSettings(
        var_dir=tmp_path / "var",
        mode="distributed",
        database=DatabaseSettings(url=database_url),
        kafka=KafkaSettings(
            bootstrap_servers=bootstrap,
            client=kafka_client,
            request_timeout_ms=3000,
            delivery_timeout_ms=6000,
        ),
    )
    service = build_service(ServiceContext.from_settings(settings), settings.intake)
    app = service.application
    assert app is not None
    topic = topic_for("intake")
    ensure_topics(settings.kafka, [topic])
    publisher = kafka_publisher(settings.kafka, topic)
    relay = Relay(service, publisher)
    stop = threading.Event()
    worker = threading.Thread(target=relay.run_forever, args=(stop, 0.05), daemon=True)
    worker.start()
    try:
        arrive(app, 5)
        wait_until(lambda: relay.position() == app.recorder.max_notification_id(), 30)

        os.kill(int((state / "kafka/kafka.pid").read_text()), signal.SIGKILL)
        failures = relay.failures
        arrive(app, 5)  # the office keeps working while the broker is down
        wait_until(lambda: relay.failures > failures, 60)  # it tried, and was refused
        assert relay.position() < (app.recorder.max_notification_id() or 0)

        stack("up", state)  # the broker comes back on the same port, with its data
        wait_until(lambda: relay.position() == app.recorder.max_notification_id(), 90)
    finally:
        stop.set()
        worker.join(timeout=30)
        publisher.close()

    stored = {str(n.originator_id) for n in app.recorder.select_notifications(0, 10_000)}
    app.close()
    published = {m.key.decode() for m in raw_topic_messages(bootstrap, topic, timeout=30)}
    assert published == stored  # every visit reached the topic; none was lost


def arrive(app, count: int) -> None:
    visits = [
        Visit.arrive(
            office_id="3572",
            channel="whatsapp",
            visitor_ref=f"vr_{uuid.uuid4().hex}",
            occurred_at=datetime.now(UTC),
        )
        for _ in range(count)
    ]
    app.save(*visits)
