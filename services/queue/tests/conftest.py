"""Fixtures of the queue's unit tests: the application on the in-memory store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.queue.application import QueueApplication


@pytest.fixture
def app() -> Iterator[QueueApplication]:
    application = QueueApplication({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield application
    application.close()
