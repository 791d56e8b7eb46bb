"""The queue on real PostgreSQL and Kafka: lifecycle, refusals, redelivery, racing officers."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from events import topic_for
from infra.settings import DatabaseSettings
from infra.stores import postgres_env
from infra.transport.kafka import kafka_publisher
from services.queue.application import QueueApplication
from services.queue.domain.errors import QueueEmpty
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, at, delivered
from services.queue.tests.scenarios import (
    assert_rejections,
    queue_app,
    serve_one_visitor,
    settle,
    waiting_count,
    walk_in,
)
from tests.harness import HubClient, read_topic

pytestmark = pytest.mark.integration

MakeHub = Callable[..., HubClient]


def test_a_walk_in_is_served_and_every_step_reaches_the_queue_topic(
    make_distributed_hub: MakeHub, kafka_bootstrap: str, topic_prefix: str
) -> None:
    client = make_distributed_hub(("intake", "queue"))
    done = serve_one_visitor(client)
    client.hub.drain()
    envelopes = read_topic(kafka_bootstrap, topic_for("queue", topic_prefix), expected=6)
    of_visit = [e.event_type for e in envelopes if e.visit_id == done["visit_id"]]
    assert of_visit == [
        "VisitorQueued",
        "VisitorCalled",
        "VisitorCalled",
        "ConsultationStarted",
        "ConsultationCompleted",
    ]
    assert [e.event_type for e in envelopes if e.visit_id is None] == ["OfficerSignedOn"]
    completed = envelopes[-1] if envelopes[-1].visit_id else envelopes[-2]
    assert completed.data["officer_id"] == "petugas-ani"
    assert completed.occurred_at.isoformat() == "2026-03-17T08:35:00+07:00"


def test_every_refused_transition_answers_a_clear_4xx_on_postgres(
    make_distributed_hub: MakeHub,
) -> None:
    assert_rejections(make_distributed_hub(("intake", "queue")))


def test_a_redelivered_arrival_is_one_ticket(
    make_distributed_hub: MakeHub, kafka_bootstrap: str, topic_prefix: str, kafka_settings: Any
) -> None:
    client = make_distributed_hub(("intake", "queue"))
    walk_in(client)
    settle(client, lambda: waiting_count(client) == 1)
    intake_topic = topic_for("intake", topic_prefix)
    intake = client.hub.services["intake"]
    assert intake.application is not None and intake.to_envelope is not None
    published = [
        envelope
        for notification in intake.application.recorder.select_notifications(0, 100)
        if (envelope := intake.to_envelope(intake.application.mapper.to_domain_event(notification)))
    ]
    [arrived] = [e for e in published if e.event_type == "VisitorArrived"]
    publisher = kafka_publisher(kafka_settings, intake_topic)
    publisher.publish([arrived, arrived])  # a producer retry and a relay crash, say
    publisher.close()
    [consumer] = [c for c in client.hub.consumers if c.service.name == "queue"]
    settle(client, lambda: consumer.consumed == len(published) + 2)
    app = queue_app(client)
    app.board.catch_up()
    assert [t.number for t in app.board.waiting("3572", "offline")] == ["A-001"]
    queued = read_topic(kafka_bootstrap, topic_for("queue", topic_prefix), expected=2, timeout=2)
    assert [e.event_type for e in queued] == ["VisitorQueued"]


def test_officers_of_several_api_processes_never_get_the_same_visitor(
    make_distributed_hub: MakeHub,
) -> None:
    client = make_distributed_hub(("queue",))
    url = client.hub.settings.database.url
    assert url is not None
    first = client.hub.services["queue"].application
    assert isinstance(first, QueueApplication)
    visits = [f"v{i:03d}" for i in range(60)]
    consume_intake(
        first, [delivered(arrival(v, when=at(f"08:{i % 60:02d}"))) for i, v in enumerate(visits)]
    )
    officers = [f"petugas-{n}" for n in range(4)]
    for officer in officers:
        first.sign_on("3572", officer, officer, at("07:50"))
    # One application per officer: each has its own board, as separate API processes would.
    apps = [first] + [
        QueueApplication(postgres_env(DatabaseSettings(url=url), "pst_queue")) for _ in officers[1:]
    ]
    got: dict[str, list[str]] = {officer: [] for officer in officers}
    start = threading.Barrier(len(officers))

    def serve(app: QueueApplication, officer: str) -> None:
        start.wait()
        while True:
            try:
                ticket = app.call_next("3572", "offline", officer)
            except QueueEmpty:
                return
            got[officer].append(ticket.visit_id)
            app.abandon("3572", ticket.id, "no_show", officer)

    threads = [
        threading.Thread(target=serve, args=pair) for pair in zip(apps, officers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    served = [visit for visits_of_one in got.values() for visit in visits_of_one]
    assert sorted(served) == visits  # every visitor called, none twice
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT originator_id, count(*) FROM pst_queue.queue_events "
            "WHERE topic LIKE %s GROUP BY originator_id",
            ("%Ticket.Called",),
        ).fetchall()
    assert len(rows) == len(visits) and Counter(count for _, count in rows) == {1: len(visits)}
    for app in apps[1:]:
        app.close()
