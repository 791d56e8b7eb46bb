"""Build the web application of the hub from settings (used by `hub run` and tests)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from fastapi import FastAPI

from hub.runtime import ROLES, Hub
from hub.settings import HubSettings
from hub.web import create_app
from infra.security import Role, TokenRegistry

log = logging.getLogger(__name__)


def first_run_tokens(settings: HubSettings) -> TokenRegistry:
    """Load staff tokens; on a fresh embedded hub, issue an admin token and say so once."""
    registry = TokenRegistry.load(settings.tokens_path)
    if len(registry) == 0:
        token = registry.issue("admin", [Role.ADMIN], settings.office_id)
        registry.save(settings.tokens_path)
        (settings.var_dir / "admin-token.txt").write_text(token + "\n")
        log.warning("first run: admin token written to %s", settings.var_dir / "admin-token.txt")
    return registry


def build_web_app(settings: HubSettings, roles: Iterable[str] = ROLES) -> tuple[FastAPI, Hub]:
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    hub = Hub.from_settings(settings, roles)
    return create_app(hub, first_run_tokens(settings)), hub
