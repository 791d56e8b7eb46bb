"""`hub projection rebuild|status`, `hub export`, `hub deliver-reports` on an embedded hub
(SQLite files under var/), as an operator runs them beside `hub run`."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from hub.cli import app as hub_cli
from hub.runtime import Hub, load_services
from hub.settings import HubSettings
from infra.context import ServiceContext
from infra.security import Role
from tests.harness import HubClient

WALK_IN = {
    "office_id": "3572",
    "identity_card": {"document_type": "KTP", "number": "3572011203900001"},
    "visitor": {"name": "Siti Rahayu", "occupation": "mahasiswa"},
    "purpose": "tugas_akhir",
    "occurred_at": "2026-03-17T08:10:00+07:00",
}


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    """An embedded hub's var/ after two walk-ins were registered and consumed."""
    settings = HubSettings(var_dir=tmp_path / "var")
    hub = Hub(settings, load_services(settings, ServiceContext.from_settings(settings)))
    client = HubClient(hub)
    for number in (1, 2):
        body = {
            **WALK_IN,
            "identity_card": {"document_type": "KTP", "number": f"357201120390000{number}"},
        }
        response = client.http.post(
            "/api/intake/walk-ins", json=body, headers=client.auth(Role.RECEPTIONIST)
        )
        assert response.status_code == 201, response.text
    hub.drain()
    hub.stop()
    return settings.var_dir


def hub(var_dir: Path, *args: str) -> dict:
    result = CliRunner().invoke(hub_cli, list(args), env={"PST_VAR_DIR": str(var_dir)})
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def test_a_rebuild_swaps_in_a_generation_with_the_same_events(var_dir: Path):
    before = hub(var_dir, "projection", "status")
    rebuilt = hub(var_dir, "projection", "rebuild", "--no-progress")
    after = hub(var_dir, "projection", "status")
    assert rebuilt["swapped"] and after["generation"] == rebuilt["generation"] == 2
    # two arrivals and their two tickets (VisitorQueued: the ticket numbers)
    assert after["events_by_office"] == before["events_by_office"] == {"3572": 4}
    assert all(row["lag"] == 0 for row in after["lag"])


def test_an_export_replays_to_the_projections_figures(var_dir: Path, tmp_path: Path):
    out = tmp_path / "history.jsonl"
    exported = hub(var_dir, "export", "--out", str(out))
    assert exported["by_source"]["intake"] >= 2 and out.with_name("history.jsonl.sha256").exists()
    replayed = hub(
        var_dir, "report", "--archive", str(out), "--office", "3572", "--period", "2026-03"
    )
    assert replayed["by_channel"]["walk_in"] == 2


def test_deliver_reports_stores_the_evaluations_once(var_dir: Path):
    first = hub(var_dir, "deliver-reports", "--today", "2026-04-01")
    again = hub(var_dir, "deliver-reports", "--today", "2026-04-02")
    assert [(row["period"], row["generated"]) for row in first] == [
        ("2026-03", True),
        ("2025", True),
    ]
    assert [row["generated"] for row in again] == [False, False]
