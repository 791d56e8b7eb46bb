"""No personal data or free text leaves intake, and none is stored in clear on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from events import encode
from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from services.intake.tests.payloads import (
    fixture_bytes,
    intake_app,
    leaks,
    post_email,
    post_halopst,
    post_walk_in,
    post_whatsapp,
    published,
)
from tests.harness import HubClient


def feed_every_channel(client: HubClient) -> None:
    assert post_walk_in(client).status_code == 201
    assert post_halopst(client).status_code == 201
    for name in ("whatsapp_text.json", "whatsapp_image.json", "whatsapp_batch.json"):
        assert post_whatsapp(client, fixture_bytes(name)).status_code == 200
    for name in ("email_plain.eml", "email_multipart.eml", "email_reply.eml"):
        assert post_email(client, fixture_bytes(name)).status_code == 200


def test_nothing_intake_publishes_carries_the_personal_data_it_was_given(
    client: HubClient,
) -> None:
    feed_every_channel(client)
    envelopes = published(intake_app(client))
    assert {e.event_type for e in envelopes} >= {"VisitorArrived", "IdentityCardDeposited"}
    assert leaks(b"\n".join(encode(envelope) for envelope in envelopes)) == []


@pytest.fixture
def embedded_client(tmp_path: Path) -> Iterator[tuple[HubClient, Path]]:
    """An embedded hub: intake's store is a SQLite file under var/, as in `make run`."""
    settings = HubSettings(var_dir=tmp_path / "var")
    hub = Hub(
        settings, load_services(settings, ServiceContext.from_settings(settings), ("intake",))
    )
    yield HubClient(hub), tmp_path / "var"
    hub.stop()


def test_the_intake_store_on_disk_holds_no_name_phone_or_nik_in_clear(
    embedded_client: tuple[HubClient, Path],
) -> None:
    client, var_dir = embedded_client
    feed_every_channel(client)
    client.hub.stop()  # closes the store: everything is flushed to the files
    stored = b"".join(path.read_bytes() for path in var_dir.glob("intake.sqlite3*"))
    assert b"Visit.IdentityCardDeposited" in stored  # the file really holds the events
    assert leaks(stored) == []
