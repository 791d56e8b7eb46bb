"""Dependencies point inward: the domain imports only the standard library,
eventsourcing.domain, standard/ and its own modules."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "domain"
ALLOWED = ("eventsourcing.domain", "standard", "services.feedback.domain")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_domain_imports_only_inward() -> None:
    modules = sorted(DOMAIN.glob("*.py"))
    assert modules
    for path in modules:
        for module in imported_modules(path):
            top = module.split(".")[0]
            inward = module.startswith(ALLOWED) or top in sys.stdlib_module_names
            assert inward, f"{path.name} imports {module}"
