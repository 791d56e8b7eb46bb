"""The queue's domain depends only on the standard library, eventsourcing.domain, standard/."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "domain"
ALLOWED = ("eventsourcing.domain", "standard.", "services.queue.domain.", "__future__")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_domain_imports_point_inward() -> None:
    import sys

    outside = {
        (path.name, module)
        for path in DOMAIN.glob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] not in sys.stdlib_module_names and not module.startswith(ALLOWED)
    }
    assert outside == set()
