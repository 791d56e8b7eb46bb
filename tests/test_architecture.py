"""The shape of the code, checked: dependencies point inward (STYLE.md, ADRs 0001 and 0003).

    events/, standard/        contracts and the standard: no framework
    infra/                    the platform services use: never hub/ nor a service
    services/<name>/          import infra/, events/, standard/ and themselves only
    services/<name>/domain/   the standard library, eventsourcing.domain, standard/
    hub/                      the composition root: may import everything

Every folder a rule names must exist and hold modules, so a rule never passes on nothing.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "queue", "feedback", "reporting", "staff")
# Reporting is a read model over events: its engine is pure functions of facts, no aggregates.
WITH_AGGREGATES = ("intake", "queue", "feedback", "staff")
FIRST_PARTY = ("events", "standard", "infra", "hub", "services", "tests", "benchmarks")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def source_files(relative: str) -> list[Path]:
    """The non-test modules below `relative`; a folder that is missing or empty fails."""
    folder = ROOT / relative
    assert folder.is_dir(), f"{relative} does not exist: the rule would check nothing"
    found = [p for p in folder.rglob("*.py") if "tests" not in p.relative_to(ROOT).parts]
    assert [p for p in found if p.name != "__init__.py"], f"{relative} holds no modules"
    return found


def is_stdlib(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


def offenders(relative: str, allowed: tuple[str, ...]) -> set[str]:
    """Imports below `relative` that are neither the standard library nor `allowed`."""
    return {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(relative)
        for module in imported_modules(path)
        if not is_stdlib(module) and not module.startswith(allowed)
    }


def first_party_offenders(relative: str, allowed: tuple[str, ...]) -> set[str]:
    """First-party imports below `relative` outside `allowed` (libraries are not judged)."""
    return {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(relative)
        for module in imported_modules(path)
        if module.split(".")[0] in FIRST_PARTY and not module.startswith(allowed)
    }


@pytest.mark.parametrize("service", WITH_AGGREGATES)
def test_a_domain_imports_only_the_standard_library_eventsourcing_domain_and_standard(
    service: str,
) -> None:
    allowed = ("eventsourcing.domain", "standard", f"services.{service}.domain")
    assert not offenders(f"services/{service}/domain", allowed)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_the_platform_the_contracts_and_itself_only(service: str) -> None:
    allowed = ("infra", "events", "standard", f"services.{service}")
    assert not first_party_offenders(f"services/{service}", allowed)


def test_the_platform_never_imports_the_composition_root_or_a_service() -> None:
    assert not first_party_offenders("infra", ("infra", "events", "standard"))


def test_the_events_depend_on_nothing_but_pydantic_and_orjson() -> None:
    assert not offenders("events", ("events", "pydantic", "orjson"))


def test_the_service_standard_imports_no_framework() -> None:
    assert not offenders("standard", ("standard", "holidays", "pydantic", "eventsourcing.domain"))


def test_intake_channel_adapters_know_nothing_of_the_application_or_http() -> None:
    assert not first_party_offenders(
        "services/intake/channels",
        ("events", "standard", "services.intake.channels", "services.intake.domain"),
    )
    framework = {
        f"{path.name}: {module}"
        for path in source_files("services/intake/channels")
        for module in imported_modules(path)
        if module.startswith(("fastapi", "starlette"))
    }
    assert not framework


def called_attributes(path: Path) -> set[str]:
    """The names of attributes called in a module on anything but `self` (`x.name(...)`)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "self")
    }


def calls_outside(relatives: tuple[str, ...], names: set[str]) -> set[str]:
    return {
        f"{path.relative_to(ROOT)}: {name}"
        for relative in relatives
        for path in source_files(relative)
        for name in called_attributes(path) & names
    }


def test_only_the_platform_reads_a_notification_log_or_the_library_s_private_parts() -> None:
    outside = ("hub", *(f"services/{service}" for service in SERVICES))
    assert not calls_outside(outside, {"select_notifications", "_record", "_process_event"})


OFFICE_CHECKS = {"check_office", "ensure_office", "acting_officer"}
# Still in a route layer, to move into their use cases (issue 10); the list may only shrink.
NOT_YET_MOVED = {
    "services/queue/api/commands.py: acting_officer",
    "services/reporting/api/dependencies.py: ensure_office",
}


def plain_calls(path: Path, names: set[str]) -> set[str]:
    """Calls of the functions `names` by their bare name (`name(...)`) in a module."""
    return {
        f"{path.relative_to(ROOT)}: {node.func.id}"
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
    }


@pytest.mark.parametrize("layer", ["api", "pages"])
def test_no_route_checks_an_office_itself_the_use_cases_do(layer: str) -> None:
    routes = tuple(
        f"services/{service}/{layer}"
        for service in SERVICES
        if (ROOT / "services" / service / layer).is_dir()
    )
    assert routes, f"no services/*/{layer}: the rule would check nothing"
    found = {
        call
        for relative in routes
        for path in source_files(relative)
        for call in plain_calls(path, OFFICE_CHECKS)
    } | calls_outside(routes, OFFICE_CHECKS)
    assert found - NOT_YET_MOVED == set()


def test_a_rule_on_a_missing_folder_fails_instead_of_passing() -> None:
    with pytest.raises(AssertionError, match="does not exist"):
        source_files("services/reporting/domain")
