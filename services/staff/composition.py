"""The staff service's composition root: the directory, its tables, its pages and API."""

from __future__ import annotations

from fastapi import APIRouter

from infra.context import ServiceContext
from infra.service import Service
from services.staff.api.routes import router as api_router
from services.staff.application import StaffApplication
from services.staff.container import StaffParts
from services.staff.mapper import to_envelope
from services.staff.pages.admin import router as admin_router
from services.staff.pages.signin import router as signin_router
from services.staff.pages.sso import router as sso_router
from services.staff.settings import StaffSettings


def routes() -> APIRouter:
    router = APIRouter()
    router.include_router(api_router)
    router.include_router(signin_router)
    router.include_router(admin_router)
    router.include_router(sso_router)  # answers 404 while single sign-on is not set
    return router


def build_parts(ctx: ServiceContext, settings: StaffSettings) -> StaffParts:
    directory = StaffApplication(ctx.store_env("staff"))
    return StaffParts.build(directory, settings, ctx.cipher_key, ctx.settings.office_id)


def build_service(ctx: ServiceContext, settings: StaffSettings) -> Service:
    parts = build_parts(ctx, settings)
    return Service(
        name="staff",
        router=routes(),
        application=parts.directory,
        to_envelope=to_envelope,
        container=parts,
        close=parts.directory.close,
    )
