"""Back up, wipe, restore: the same history and the same report digest."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from hub.runtime import Hub
from hub.settings import HubSettings
from infra.security import Role
from infra.settings import DatabaseSettings, KafkaSettings
from tests.harness import HubClient
from tests.ops.processes import HUB, fresh_database, hub_env

pytestmark = [pytest.mark.integration]


def hub(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(HUB), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def digests(env: dict[str, str], work: Path) -> tuple[str, str, int]:
    archive = work / f"history-{uuid.uuid4().hex[:6]}.jsonl"
    exported = json.loads(hub(env, "export", "--out", str(archive)))
    period = datetime.now(UTC).strftime("%Y-%m")
    report = json.loads(
        hub(env, "report", "--archive", str(archive), "--office", "3572", "--period", period)
    )
    return exported["sha256"], report["provenance"]["events_digest"]["sha256"], exported["events"]


def test_backup_wipe_restore_gives_the_same_report_digest(
    stack_env: dict[str, str], kafka_bootstrap: str, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    with fresh_database(stack_env["DATABASE_URL"]) as url:
        env = hub_env(var, url, kafka_bootstrap, f"bk{uuid.uuid4().hex[:8]}.")
        settings = HubSettings(
            var_dir=var,
            mode="distributed",
            database=DatabaseSettings(url=url),
            kafka=KafkaSettings(
                bootstrap_servers=kafka_bootstrap, topic_prefix=env["PST_KAFKA_TOPIC_PREFIX"]
            ),
        )
        running = Hub.from_settings(settings)
        client = HubClient(running)
        for number in ("3572011203900001", "3572011203900002"):
            walk_in = {
                "office_id": "3572",
                "identity_card": {"document_type": "KTP", "number": number},
                "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa"},
            }
            answer = client.http.post(
                "/api/intake/walk-ins", json=walk_in, headers=client.auth(Role.RECEPTIONIST)
            )
            assert answer.status_code == 201, answer.text
        running.stop()
        before = digests(env, tmp_path)
        assert before[2] >= 2

        backup = tmp_path / "backups" / "pst.tar.gz"
        manifest = json.loads(hub(env, "backup", "create", "--out", str(backup)))
        assert {"database.dump", "secrets/secrets.json"} <= set(manifest["members"])
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600

        admin = stack_env["DATABASE_URL"]
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(admin, autocommit=True) as conn:  # wipe: database and secrets
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        shutil.rmtree(var)

        restored = json.loads(hub(env, "backup", "restore", str(backup)))["restored"]
        assert "database.dump" in restored
        assert stat.S_IMODE((var / "secrets.json").stat().st_mode) == 0o600
        assert digests(env, tmp_path) == before


def test_a_tampered_backup_is_refused(tmp_path: Path) -> None:
    import io
    import tarfile

    from hub.backup import BackupError, create, restore

    settings = HubSettings(var_dir=tmp_path / "var")
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secrets.json").write_text('{"cipher_key": "a", "visitor_ref_key": "b"}')
    good = tmp_path / "good.tar.gz"
    create(settings, good)
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "secrets/secrets.json":
                data = b'{"cipher_key": "x", "visitor_ref_key": "y"}'
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="do not match"):
        restore(settings, bad)
