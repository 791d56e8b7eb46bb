"""`hub export`: the services' stores as an archive that `hub report --archive` replays."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from events import envelope_from_dict
from hub.cli import app as hub_cli
from services.reporting.export import export_from_stores, verify
from services.reporting.periods import parse_period
from services.reporting.tests.live.support import (
    OFFICE,
    deliveries,
    fake_upstream,
    generated_days,
    make_reporting,
    without_sources,
)


@pytest.fixture(scope="module")
def history() -> list[dict[str, Any]]:
    return generated_days([date(2026, 3, day) for day in (9, 10, 11)], seed=11)


@pytest.fixture
def archive(tmp_path: Path, history: list[dict[str, Any]]) -> Path:
    stores = [
        fake_upstream(source, [item for item in history if item["source"] == source])
        for source in ("intake", "queue", "feedback")
    ]
    result = export_from_stores(stores, tmp_path / "history.jsonl")
    assert result.events == len(history)
    return result.path


def test_the_archive_has_every_envelope_once(archive: Path, history: list[dict[str, Any]]):
    lines = archive.read_bytes().splitlines()
    assert sorted(orjson.loads(line)["event_id"] for line in lines) == sorted(
        item["event_id"] for item in history
    )


def test_the_digest_is_a_sha256sum_file(archive: Path):
    sidecar = archive.with_name("history.jsonl.sha256")
    expected = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert sidecar.read_text() == f"{expected}  history.jsonl\n"
    assert verify(archive)
    check = subprocess.run(
        ["sha256sum", "-c", sidecar.name], cwd=archive.parent, capture_output=True, check=False
    )
    assert check.returncode == 0


def test_a_changed_archive_no_longer_matches_its_digest(archive: Path):
    archive.write_bytes(archive.read_bytes().replace(b'"walk_in"', b'"email"', 1))
    assert not verify(archive)


def test_an_auditor_replaying_the_archive_gets_the_live_figures(
    archive: Path, history: list[dict[str, Any]]
):
    reporting = make_reporting()
    reporting.projection.handle_batch(deliveries(envelope_from_dict(item) for item in history))
    live = reporting.report(OFFICE, parse_period("2026-03"))

    result = CliRunner().invoke(
        hub_cli,
        [
            *("report", "--archive", str(archive), "--office", OFFICE, "--period", "2026-03"),
            *("--as-of", live["as_of"]),  # the moment the live report states it holds for
        ],
    )
    assert result.exit_code == 0, result.output
    replayed = orjson.loads(result.stdout)
    assert without_sources(replayed) == without_sources(live)
