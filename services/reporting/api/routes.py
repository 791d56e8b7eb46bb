"""Reporting's HTTP API: `/api/reporting/...` (dashboard, stream, lag, reports) and `/dashboard`."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from services.reporting.api import dashboard, national, reports
from services.reporting.api.dependencies import browser_sign_in
from services.reporting.pages import routes as pages

router = APIRouter()
api = APIRouter(prefix="/api/reporting")
api.include_router(dashboard.router)
# A report link opened in a browser without a session: the sign-in page, not a JSON 401.
api.include_router(reports.router, dependencies=[Depends(browser_sign_in)])
api.include_router(national.router)
router.include_router(api)
router.include_router(pages.router)
