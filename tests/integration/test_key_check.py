"""Key check at start (issue 15, failure 10): a process whose cipher or visitor-ref key is
not the one its stores were written with refuses to start, with a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from hub.runtime import load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.keys import KeyMismatch, fingerprint
from tests.harness import HubClient

pytestmark = pytest.mark.integration

HUB = str(Path(sys.executable).with_name("hub"))


def second_host(client: HubClient, tmp_path: Path) -> HubSettings:
    """The same stores, another host's own var/ (so its own generated keys)."""
    return client.hub.settings.model_copy(update={"var_dir": tmp_path / "other-host"})


def test_a_process_with_another_cipher_key_refuses_to_start_and_writes_nothing(
    make_distributed_hub, tmp_path: Path
) -> None:
    client = make_distributed_hub(("intake", "queue", "feedback"))
    url = client.hub.settings.database.url
    assert url is not None
    with psycopg.connect(url) as conn:
        before = conn.execute("SELECT count(*) FROM pst_intake.intake_events").fetchone()
        recorded: dict[str, str] = dict(
            conn.execute("SELECT name, fingerprint FROM pst_intake.pst_key_fingerprints")
        )
    ctx = ServiceContext.from_settings(client.hub.settings)
    assert recorded == {
        "cipher_key": fingerprint(ctx.cipher_key.encode()),
        "visitor_ref_key": fingerprint(ctx.visitor_ref_key),
    }
    assert ctx.cipher_key not in json.dumps(recorded)  # a fingerprint, never the key

    other = second_host(client, tmp_path)
    with pytest.raises(KeyMismatch) as refused:
        load_services(other, ServiceContext.from_settings(other), ("intake",))
    message = str(refused.value)
    assert message.startswith("intake: cipher_key (PST_CIPHER_KEY), visitor_ref_key")
    assert "refusing to start" in message and "Key rotation" in message
    with psycopg.connect(url) as conn:
        after = conn.execute("SELECT count(*) FROM pst_intake.intake_events").fetchone()
    assert after == before

    # The same keys on the second host (as deployment must give it): it starts.
    keys = ServiceContext.from_settings(client.hub.settings)
    same = other.model_copy(update={"var_dir": client.hub.settings.var_dir})
    services = load_services(same, keys, ("intake", "feedback"))
    for service in services.values():
        assert service.close is not None
        service.close()


def test_the_hub_command_says_why_it_refuses_without_a_traceback(
    make_distributed_hub, tmp_path: Path
) -> None:
    client = make_distributed_hub(("queue",))
    settings = client.hub.settings
    assert settings.database.url and settings.kafka.bootstrap_servers
    env = {
        **os.environ,
        "PST_MODE": "distributed",
        "DATABASE_URL": settings.database.url,
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka.bootstrap_servers,
        "PST_KAFKA_TOPIC_PREFIX": settings.kafka.topic_prefix,
        "PST_VAR_DIR": str(tmp_path / "other-host"),
    }
    done = subprocess.run(
        [HUB, "dead-letters", "list", "--service", "queue"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("hub: queue: cipher_key (PST_CIPHER_KEY)")
    assert "Traceback" not in done.stderr


def test_an_embedded_store_refuses_a_changed_visitor_ref_key(tmp_path: Path) -> None:
    settings = HubSettings(var_dir=tmp_path / "var")
    ctx = ServiceContext.from_settings(settings)
    for service in load_services(settings, ctx, ("intake",)).values():
        assert service.close is not None
        service.close()
    secrets_file = settings.var_dir / "secrets.json"
    secrets = json.loads(secrets_file.read_text())
    secrets_file.write_text(
        json.dumps({**secrets, "visitor_ref_key": "another-host-visitor-ref-key-0123"})
    )
    with pytest.raises(KeyMismatch, match=r"^intake: visitor_ref_key \(PST_VISITOR_REF_KEY\) "):
        load_services(settings, ServiceContext.from_settings(settings), ("intake",))
