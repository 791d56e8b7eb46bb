"""A reporting consumer process, built as `hub run --roles consumer` builds it: the real
composition root, its Kafka subscription and runner, settings from the environment. It
consumes until caught up, then exits. With `KILL_ON_BATCH=n` it kills itself (SIGKILL,
no clean-up) inside the n-th batch's transaction, after the rows and positions were
written and before the commit: the worst moment for a consumer to die.

`CONSUMER_GROUP` names the Kafka group (default: the hub's). A restarted process may use
a new one: where it resumes comes from the positions recorded with the projection, never
from the group, and a new group need not wait for the killed member's session to expire.

    PST_MODE=distributed DATABASE_URL=... KAFKA_BOOTSTRAP_SERVERS=... \\
        .venv/bin/python -m tests.e2e.reporting_consumer
"""

from __future__ import annotations

import os
import signal

from events import decode, topic_for
from hub.settings import HubSettings
from infra.consumer import ConsumerRunner
from infra.context import ServiceContext
from infra.service import Service
from infra.transport.kafka import KafkaSubscription, kafka_subscription
from services.reporting.composition import build_service
from services.reporting.live import LiveReporting


def kill_inside_batch(store: object, batch: int) -> None:
    applied = 0

    def before_commit() -> None:
        nonlocal applied
        applied += 1
        if applied == batch:
            os.kill(os.getpid(), signal.SIGKILL)

    store.before_commit = before_commit  # type: ignore[attr-defined]


def runner(settings: HubSettings, service: Service) -> ConsumerRunner:
    position = service.last_position
    assert position is not None
    prefix = settings.kafka.topic_prefix
    topics = [topic_for(source, prefix) for source in service.consumes]
    group = os.environ.get("CONSUMER_GROUP", f"{prefix}pst-{service.name}")

    def subscribe() -> KafkaSubscription:
        return kafka_subscription(settings.kafka, topics, group, position, service.decode or decode)

    return ConsumerRunner(service, subscribe, settings.relay_batch_size)


def main() -> None:
    settings = HubSettings()
    service = build_service(ServiceContext.from_settings(settings), settings.reporting)
    if kill_on := int(os.environ.get("KILL_ON_BATCH", "0")):
        assert isinstance(service.container, LiveReporting)
        kill_inside_batch(service.container.store, kill_on)
    consumer = runner(settings, service)
    try:
        while consumer.run_once(timeout=0.5) or not consumer.subscription.caught_up():
            pass
    finally:
        consumer.subscription.close()
        assert service.close is not None
        service.close()  # every batch handed over is committed first


if __name__ == "__main__":
    main()
