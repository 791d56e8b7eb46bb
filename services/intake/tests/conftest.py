"""Fixtures of intake's tests: channel secrets for tests, and a hub running intake alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from services.intake.tests.payloads import (
    EMAIL_KEY,
    WHATSAPP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    intake_app,
)
from tests.harness import HubClient


@pytest.fixture(autouse=True)
def channel_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test values for the settings the composition root reads (PST_INTAKE_...)."""
    monkeypatch.setenv("PST_INTAKE_WHATSAPP_APP_SECRET", WHATSAPP_SECRET)
    monkeypatch.setenv("PST_INTAKE_WHATSAPP_VERIFY_TOKEN", WHATSAPP_VERIFY_TOKEN)
    monkeypatch.setenv("PST_INTAKE_EMAIL_GATEWAY_KEY", EMAIL_KEY)


# The fixtures' messages were sent on 17 March 2026; these tests receive them that day
# after (a channel timestamp older than the redelivery window would not be trusted).
RECEIVED = datetime(2026, 3, 17, 8, 0, tzinfo=UTC)  # Tuesday 15.00 WIB, open


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    client = make_memory_hub(("intake",))
    intake_app(client).clock = lambda: RECEIVED
    return client
