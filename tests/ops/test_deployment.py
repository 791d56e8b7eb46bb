"""The deployment files, read by real parsers (no Docker engine runs on these machines).

deploy/compose.yml is validated against the Compose Specification's own JSON Schema
(deploy/schema/compose-spec.json, vendored from github.com/compose-spec/compose-spec), then
checked for what the schema cannot know: the hub's commands and variables exist, every
long-running service has a health check and its data a volume.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from hub.cli import app
from hub.config_reference import variables
from hub.runtime import ROLES

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yml"
SCHEMA = ROOT / "deploy" / "schema" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_file_is_valid_by_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(compose))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_the_schema_catches_a_broken_compose_file(compose: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(compose))
    broken["services"]["api"]["healthcheck"]["interval"] = ["10s"]
    broken["services"]["relay"]["restart_policy"] = "always"
    errors = list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(broken))
    assert len(errors) >= 2


def test_every_service_is_healthy_or_one_shot_and_depends_on_what_exists(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    assert {"postgres", "kafka", "migrate", "api", "relay", "consumer"} <= set(services)
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test") or (name == "migrate" and check.get("disable")), name
        for needed in service.get("depends_on", {}):
            assert needed in services and needed != name, f"{name} -> {needed}"
    declared = set(compose["volumes"])
    for name in ("postgres", "kafka", "api"):
        for mount in services[name]["volumes"]:
            assert mount.split(":", 1)[0] in declared, mount
    assert "KAFKA_PROCESS_ROLES" in services["kafka"]["environment"]  # KRaft, no ZooKeeper


def test_the_hub_commands_and_variables_in_compose_exist(compose: dict[str, Any]) -> None:
    known = {v.name for v in variables()} | {"DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS"}
    commands = {c.name for c in app.registered_commands}
    for name in ("migrate", "api", "relay", "consumer"):
        service = compose["services"][name]
        command = service["command"]
        assert command[0] in commands
        if command[0] == "run":
            roles = command[command.index("--roles") + 1].split(",")
            assert set(roles) <= ROLES
            help_text = CliRunner().invoke(app, ["run", "--help"]).output
            for option in [word for word in command if word.startswith("--")]:
                assert option in help_text
        assert {k for k in service["environment"] if k.startswith("PST_")} <= known
    example = (ROOT / "deploy" / "hub.env.example").read_text()
    for name in re.findall(r"^(PST_\w+)=", example, re.M):
        assert name in known, name


def test_dockerfile_is_slim_non_root_and_installs_from_the_lock() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    instructions = [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]
    bases = [arg.split()[0] for op, arg in instructions if op == "FROM"]
    assert bases and all(base.endswith("-slim") for base in bases)
    users = [arg for op, arg in instructions if op == "USER"]
    assert users and not users[-1].startswith(("root", "0"))
    syncs = [shlex.split(arg) for op, arg in instructions if op == "RUN" and "uv sync" in arg]
    assert syncs and all("--frozen" in cmd and "--no-dev" in cmd for cmd in syncs)
    copied = " ".join(arg for op, arg in instructions if op == "COPY")
    assert "uv.lock" in copied
    assert any(op == "HEALTHCHECK" for op, _ in instructions)
