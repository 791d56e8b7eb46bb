"""Root fixtures: the real stack (tests/stack.py) and hubs built against it."""

from __future__ import annotations

pytest_plugins = ["tests.stack", "tests.harness"]
