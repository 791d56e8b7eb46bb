"""Reporting's HTTP API: `/api/reporting/...` (dashboard, stream, lag, reports) and `/dashboard`."""

from __future__ import annotations

from fastapi import APIRouter

from services.reporting.api import dashboard, national, reports
from services.reporting.pages import routes as pages

router = APIRouter()
api = APIRouter(prefix="/api/reporting")
api.include_router(dashboard.router)
api.include_router(reports.router)
api.include_router(national.router)
router.include_router(api)
router.include_router(pages.router)
