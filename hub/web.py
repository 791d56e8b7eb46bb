"""The HTTP face of the hub: every service's router, errors mapped in one place, health."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline

from hub.metrics import CONTENT_TYPE, Metrics
from hub.observability import RequestContext
from hub.runtime import Hub
from infra import errors, openapi
from infra.health import OutageGuard, Reachability
from infra.limits import BodyLimit
from infra.pages import KIT
from infra.security import Authenticator
from infra.service import containers

API_DESCRIPTION = """
Hub layanan konsultasi statistik (PST) BPS — *statistical consultation service hub*.

Semua langkah layanan dicatat sebagai event; laporan membuktikan kepatuhan pada
standar pelayanan. Autentikasi: staf masuk di `/masuk` (cookie sesi; permintaan yang
mengubah data menyertakan header `X-CSRF-Token`), mesin dengan
`Authorization: Bearer <token>` (lihat `hub token create` atau `/admin/token`).
"""


def health_router(hub: Hub, metrics: Metrics) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health", summary="Liveness")
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "mode": hub.settings.mode,
            "roles": sorted(hub.roles),
            "services": sorted(hub.services),
        }

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    @router.get("/health/ready", summary="Readiness: every store answers")
    def ready() -> JSONResponse:
        checks = {name: _store_check(service) for name, service in hub.services.items()}
        checks.update(hub.thread_checks())
        healthy = all(value == "ok" for value in checks.values())
        return JSONResponse({"ready": healthy, "checks": checks}, 200 if healthy else 503)

    return router


def _store_check(service: Any) -> str:
    try:
        if service.application is not None:
            service.application.recorder.max_notification_id()
    except Exception as exc:  # a store that does not answer is reported, not raised
        return f"error: {type(exc).__name__}"
    return "ok"


def home_router(hub: Hub) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        links = KIT.public_links(request, hub.settings.office_id)
        return KIT.render("home.html.j2", request=request, public_links=links)

    return router


def _lifespan(hub: Hub, metrics: Metrics, start_background: bool) -> Any:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if start_background:
            hub.start()
        yield
        if start_background:
            hub.stop()
        metrics.close()

    return lifespan


def create_app(
    hub: Hub, tokens: Authenticator | None = None, start_background: bool = True
) -> FastAPI:
    """The API process: every service's routes and pages, docs served from package files.

    Staff sessions and machine tokens are the staff service's; `tokens` stands in for
    them in an app built without it (a partial hub in a test or benchmark)."""
    metrics = Metrics(hub, business=True)
    app = FastAPIOffline(
        title="PST Hub",
        version="0.1.0",
        description=API_DESCRIPTION,
        lifespan=_lifespan(hub, metrics, start_background),
    )
    app.state.services = hub.services
    app.state.containers = containers(hub.services.values())
    staff = hub.services.get("staff")
    if staff is not None:
        from services.staff.container import StaffParts
        from services.staff.web import CookieSessions

        assert isinstance(staff.container, StaffParts)
        app.state.tokens = staff.container.tokens
        app.state.sessions = CookieSessions(staff.container)
    if tokens is not None:
        app.state.tokens = tokens
    if not hasattr(app.state, "tokens"):
        raise ValueError("an app without the staff service needs its tokens")
    app.state.metrics = metrics
    errors.install(app)
    openapi.install(app)  # every operation's error answers, derived in one place
    limits = {p: n for s in hub.services.values() for p, n in s.body_limits.items()}
    app.add_middleware(BodyLimit, limits=limits)
    if hub.settings.distributed:
        reachable = Reachability(hub.settings.database.required_url())
        app.add_middleware(OutageGuard, reachable=reachable)
    app.add_middleware(RequestContext, observe=metrics.observe)  # outermost: 503s are seen
    app.include_router(home_router(hub))
    app.include_router(health_router(hub, metrics))
    app.include_router(KIT.router())  # every service's static files, content-addressed
    for service in hub.services.values():
        app.include_router(service.router)
    return app


def create_ops_app(hub: Hub) -> FastAPI:
    """A relay or consumer process: liveness, readiness and metrics only, no API."""
    metrics = Metrics(hub, business=False)
    app = FastAPI(
        title="PST Hub (ops)",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=_lifespan(hub, metrics, True),
    )
    app.state.hub = hub
    app.state.metrics = metrics
    app.add_middleware(RequestContext)
    app.include_router(health_router(hub, metrics))
    return app
