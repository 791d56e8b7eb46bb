"""Fixtures of outbound delivery: the local Graph API stand-in and a real SMTP server,
and the hub settings that point the adapters at them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.mailbox import Mailbox
from tests.fakes.whatsapp_graph import GraphServer

GRAPH_TOKEN = "EAAG-test-system-user-token"
PHONE_NUMBER_ID = "106540352242922"


@pytest.fixture
def graph() -> Iterator[GraphServer]:
    server = GraphServer(GRAPH_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


def delivery_environment(graph: GraphServer, mailbox: Mailbox) -> dict[str, str]:
    """PST_* settings for a hub that sends to the local servers (retries quickly)."""
    return {
        "PST_DELIVERY_WHATSAPP_ACCESS_TOKEN": GRAPH_TOKEN,
        "PST_DELIVERY_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "PST_DELIVERY_GRAPH_BASE_URL": graph.base_url,
        "PST_DELIVERY_RETRY_BASE_SECONDS": "0.05",
        "PST_DELIVERY_RETRY_CAP_SECONDS": "0.2",
        "PST_DELIVERY_IN_FLIGHT_GRACE_SECONDS": "1",
        "PST_DELIVERY_INTERVAL_SECONDS": "0.1",
        "PST_SMTP_HOST": "127.0.0.1",
        "PST_SMTP_PORT": str(mailbox.port),
        "PST_SMTP_STARTTLS": "false",
        "PST_SMTP_SENDER": "pst3572@bps.go.id",
    }


@pytest.fixture
def sending(
    graph: GraphServer, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> tuple[GraphServer, Mailbox]:
    for name, value in delivery_environment(graph, mailbox).items():
        monkeypatch.setenv(name, value)
    return graph, mailbox
