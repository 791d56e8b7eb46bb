"""The dashboard pages: staff pages in the shell, with a little JavaScript.

`/dashboard` (officers, supervisors, auditors) holds no data itself; its script follows
the dashboard stream of the signed-in person's office with the session cookie (no token
in the page, its storage or any URL). Only a person of national scope, who may watch
every office, gets an office field; anyone else watches their own office.

`/dashboard/operasi` (admins) is the operator's view: how far the projection is behind
each source (topic/partition), the engineering figures managers do not need.
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
        operator=Role.ADMIN in principal.roles,
    )


@router.get(
    "/dashboard/operasi",
    response_class=HTMLResponse,
    summary="Tampilan operator: jeda proyeksi / the operator's view",
)
def operations_page(
    request: Request, principal: Annotated[Principal, require_page(Role.ADMIN)]
) -> HTMLResponse:
    del principal  # admins: the projection's lag is an engineering figure
    return render("reporting/operations.html.j2", request=request)
