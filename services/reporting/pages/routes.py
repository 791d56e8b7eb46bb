"""The dashboard page: a staff page in the shell, with a little JavaScript (EventSource).

The page itself holds no data; its script asks for a token (or reads it from the URL
fragment `#token=...`, which never reaches a server log) and then follows the dashboard
stream of the office.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from services.reporting.api.dependencies import ReportingDep

router = APIRouter(tags=["reporting: dashboard"])


@router.get(
    "/dashboard",
    response_class=HTMLResponse,
    summary="Halaman dasbor SLA (langsung) / the live SLA dashboard page",
)
def dashboard_page(request: Request, reporting: ReportingDep) -> HTMLResponse:
    office_id = reporting.offices.home  # the hub's own office to start with
    return render("reporting/dashboard.html.j2", request=request, office_id=office_id)
