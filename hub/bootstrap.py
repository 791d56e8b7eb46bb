"""Build the web application of the hub from settings (used by `hub run` and tests)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from fastapi import FastAPI

from hub.runtime import ROLES, Hub
from hub.settings import HubSettings
from hub.web import create_app

log = logging.getLogger(__name__)


def announce_first_run(hub: Hub, out: TextIO = sys.stderr) -> str | None:
    """On an embedded hub without an admin: a one-time setup code, printed on the console
    (never logged, never in a URL) for the person who started it; every start makes a new
    one. A distributed deployment's first admin is made with `hub users add` (its logs
    are JSON lines, and several processes start at once)."""
    from services.staff.container import StaffParts
    from services.staff.pages.signin import new_setup_code

    if "staff" not in hub.services:
        return None
    if hub.settings.distributed:
        if not hub.container(StaffParts).directory.has_admin():
            log.warning(
                "no admin yet: hub users add USERNAME --name '...' --role admin --password-stdin"
            )
        return None
    code = new_setup_code(hub.container(StaffParts))
    if code is not None:
        host = hub.settings.host if hub.settings.host not in ("0.0.0.0", "::") else "127.0.0.1"
        minutes = hub.settings.staff.setup_code_minutes
        print(
            "\n  PST Hub baru: belum ada admin / a new hub without an admin.\n"
            f"  Buka http://{host}:{hub.settings.port}/pasang dan masukkan kode: {code}\n"
            f"  (sekali pakai, berlaku {minutes} menit; atau `hub users add ... --role admin`)\n",
            file=out,
            flush=True,
        )
    return code


def build_web_app(settings: HubSettings, roles: Iterable[str] = ROLES) -> tuple[FastAPI, Hub]:
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    hub = Hub.from_settings(settings, roles)
    announce_first_run(hub)
    return create_app(hub), hub
