"""The dashboard page: a staff page in the shell, with a little JavaScript (EventSource).

The page itself holds no data; its script follows the dashboard stream of the signed-in
person's office with the session cookie (no token in the page, its storage or any URL).
Only a person of national scope, who may watch every office, gets an office field; anyone
else watches their own office.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from infra.security import Principal, Role, require_page
from services.reporting.pages import reports

router = APIRouter(tags=["reporting: dashboard"])
router.include_router(reports.router)

# The roles of the dashboard API (`Watching`): officers see their office's today only.
DashboardViewer = Annotated[Principal, require_page(Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR)]


@router.get(
    "/dashboard",
    response_class=HTMLResponse,
    summary="Halaman dasbor SLA (langsung) / the live SLA dashboard page",
)
def dashboard_page(request: Request, principal: DashboardViewer) -> HTMLResponse:
    return render(
        "reporting/dashboard.html.j2",
        request=request,
        office_id=principal.office_id,
        choose_office=principal.national,
    )
