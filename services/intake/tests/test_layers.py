"""Dependencies point inward: intake's domain imports only the standard library,
`eventsourcing.domain`, `standard/` and its own domain modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).parents[1] / "domain"
ALLOWED_PREFIXES = ("eventsourcing.domain", "standard", "services.intake.domain")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def is_allowed(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or module.startswith(ALLOWED_PREFIXES)


def test_domain_imports_only_inward() -> None:
    modules = sorted(DOMAIN.glob("*.py"))
    assert len(modules) >= 6
    outward = {
        f"{path.name}: {module}"
        for path in modules
        for module in imported_modules(path)
        if not is_allowed(module)
    }
    assert outward == set()


def test_channel_adapters_know_nothing_of_the_application_or_http() -> None:
    channels = Path(__file__).parents[1] / "channels"
    for path in channels.glob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith(("fastapi", "services.intake.application", "hub")), (
                f"{path.name} imports {module}"
            )
