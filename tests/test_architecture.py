"""The shape of the code, checked: dependencies point inward (STYLE.md, ADR 0001)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "queue", "feedback", "reporting")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def source_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if "tests" not in p.relative_to(ROOT).parts]


def is_stdlib(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


@pytest.mark.parametrize("service", SERVICES)
def test_domain_imports_only_the_standard_library_eventsourcing_domain_and_standard(
    service: str,
) -> None:
    domain = ROOT / "services" / service / "domain"
    allowed_prefixes = ("eventsourcing.domain", "standard", f"services.{service}.domain")
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(domain)
        for module in imported_modules(path)
        if not is_stdlib(module) and not module.startswith(allowed_prefixes)
    }
    assert not offenders


@pytest.mark.parametrize("service", SERVICES)
def test_services_never_import_each_other(service: str) -> None:
    others = tuple(f"services.{other}" for other in SERVICES if other != service)
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(ROOT / "services" / service)
        for module in imported_modules(path)
        if module.startswith(others)
    }
    assert not offenders


def test_events_depend_on_nothing_but_pydantic_and_orjson() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(ROOT / "events")
        for module in imported_modules(path)
        if not is_stdlib(module) and not module.startswith(("events", "pydantic", "orjson"))
    }
    assert not offenders


def test_the_service_standard_imports_no_framework() -> None:
    allowed = ("standard", "holidays", "pydantic", "eventsourcing.domain")
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in source_files(ROOT / "standard")
        for module in imported_modules(path)
        if not is_stdlib(module) and not module.startswith(allowed)
    }
    assert not offenders
