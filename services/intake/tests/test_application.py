"""Intake's use cases on the in-memory store: conversations, and racing redeliveries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from services.intake.application import IntakeApplication
from services.intake.channels.base import InboundMessage, Sender
from services.intake.domain.channel_message import ChannelMessage
from services.intake.visitor_ref import VisitorRefs

AT = datetime.fromisoformat("2026-03-17T09:30:00+07:00")
MESSAGE = InboundMessage(
    channel="whatsapp",
    office_id="3572",
    sender=Sender(name="Budi", phone="6281234567890"),
    message_id="wamid.first",
    occurred_at=AT,
    text="Selamat pagi",
)


@pytest.fixture
def app() -> Iterator[IntakeApplication]:
    application = IntakeApplication(
        {"PERSISTENCE_MODULE": "eventsourcing.popo"}, refs=VisitorRefs(b"k" * 32)
    )
    yield application
    application.close()


def test_redelivery_racing_the_original_is_retried_into_a_duplicate(
    app: IntakeApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = app.receive(MESSAGE)
    original_find = app.visitors.find
    stale = {"reads": 0}

    def find_as_if_not_yet_committed(kind: type[Any], aggregate_id: Any) -> Any:
        if kind is ChannelMessage and stale["reads"] == 0:
            stale["reads"] += 1
            return None  # the other writer had not committed when this one looked
        return original_find(kind, aggregate_id)

    monkeypatch.setattr(app.visitors, "find", find_as_if_not_yet_committed)
    again = app.receive(MESSAGE)
    assert stale["reads"] == 1 and again.duplicate and again.visit_id == first.visit_id
    assert len(app.get_visit(first.visit_id).messages) == 1  # the losing write left nothing


def test_conversation_window_is_per_channel(app: IntakeApplication) -> None:
    first = app.receive(MESSAGE)
    email = replace(
        MESSAGE, channel="email", sender=Sender(email="budi@example.com"), message_id="m1@x"
    )
    by_email = app.receive(email)
    assert by_email.opened and by_email.visit_id != first.visit_id


def test_each_halopst_request_is_a_visit_of_its_own(app: IntakeApplication) -> None:
    request = replace(
        MESSAGE,
        channel="halopst",
        sender=Sender(email="budi@example.com"),
        message_id="HPST-1",
        consultation_type="konsultasi_data",
    )
    first = app.receive(request)
    second = app.receive(
        replace(request, message_id="HPST-2", occurred_at=AT + timedelta(minutes=5))
    )
    assert first.opened and second.opened and first.visit_id != second.visit_id
    assert first.visitor_ref == second.visitor_ref


def test_message_without_channel_timestamp_is_recorded_now(app: IntakeApplication) -> None:
    arrival = app.receive(replace(MESSAGE, occurred_at=None, message_id="wamid.untimed"))
    assert arrival.arrived_at > AT
