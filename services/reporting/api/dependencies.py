"""Who may read what: dashboards per office, reports for supervisors and auditors.

Every route, the dashboard stream included, authenticates through `require(...)`: a bearer
token in the Authorization header or the staff session cookie (EventSource sends the
cookie). A credential in the URL's query is never read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from infra.security import Principal, Role, require
from infra.service import provided
from services.reporting.live import LiveReporting
from standard.errors import ensure_office

FULL_VIEW = frozenset({Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN})
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Perlu masuk (sesi) atau token bearer / sign in or a bearer token"},
    403: {"description": "Peran atau kantor tidak diizinkan / role or office not allowed"},
    422: {"description": "Masukan tidak valid (field dan alasan) / invalid input"},
}


ReportingDep = Annotated[LiveReporting, Depends(provided(LiveReporting))]
Auditing = Annotated[Principal, require(Role.SUPERVISOR, Role.AUDITOR)]
Watching = Annotated[Principal, require(Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR)]


def full_view(principal: Principal, office_id: str) -> bool:
    """Whether the principal sees the whole dashboard of the office (officers: today only)."""
    ensure_office(principal.may_act_for, office_id)
    return bool(principal.roles & FULL_VIEW)


def known_office(reporting: LiveReporting, office_id: str) -> str:
    reporting.office(office_id)  # an unknown office: the directory's one answer
    return office_id
