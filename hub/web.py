"""The HTTP face of the hub: every service's router, errors mapped in one place, health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from hub.runtime import Hub
from hub.security import TokenRegistry
from standard.errors import RuleViolation

API_DESCRIPTION = """
Hub layanan konsultasi statistik (PST) BPS — *statistical consultation service hub*.

Semua langkah layanan dicatat sebagai event; laporan membuktikan kepatuhan pada
standar pelayanan. Autentikasi: `Authorization: Bearer <token>` (lihat `hub token create`).
"""


def error_body(field: str, reason: str, kind: str) -> dict[str, Any]:
    loc = ["body", *field.split(".")] if field else ["body"]
    return {"detail": [{"loc": loc, "msg": reason, "type": kind}]}


def create_app(hub: Hub, tokens: TokenRegistry, start_background: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if start_background:
            hub.start()
        yield
        if start_background:
            hub.stop()

    app = FastAPI(
        title="PST Hub", version="0.1.0", description=API_DESCRIPTION, lifespan=lifespan
    )
    app.state.hub = hub
    app.state.services = hub.services
    app.state.tokens = tokens

    @app.exception_handler(RuleViolation)
    async def rule_violation(_: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(error_body(exc.field, exc.reason, exc.kind), exc.status_code)

    @app.exception_handler(IntegrityError)
    async def integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        # Two writers raced for the same aggregate version: the caller may retry.
        return JSONResponse(
            error_body("", "konflik penyimpanan serentak; coba lagi / concurrent update", "conflict"),
            409,
        )

    @app.get("/health", tags=["health"], summary="Liveness")
    def health() -> dict[str, Any]:
        return {"status": "ok", "mode": hub.settings.mode, "services": sorted(hub.services)}

    @app.get("/health/ready", tags=["health"], summary="Readiness: stores answer")
    def ready() -> JSONResponse:
        checks = {}
        for name, service in hub.services.items():
            try:
                if service.application is not None:
                    service.application.recorder.max_notification_id()
                checks[name] = "ok"
            except Exception as exc:  # a store that does not answer is reported, not raised
                checks[name] = f"error: {type(exc).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return JSONResponse({"ready": healthy, "checks": checks}, 200 if healthy else 503)

    for service in hub.services.values():
        app.include_router(service.router)
    return app
