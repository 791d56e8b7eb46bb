"""Who may read what: dashboards per office, reports for supervisors and auditors.

Every route, the dashboard stream included, authenticates through `require(...)`: a bearer
token in the Authorization header or the staff session cookie (EventSource sends the
cookie). A credential in the URL's query is never read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from infra.security import Principal, Role, SignInRequired, require
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


def browser_sign_in(request: Request) -> None:
    """A report link opened in a browser with no session (a navigation asking for HTML,
    no bearer token, no live session) goes to the sign-in page and back, as every staff
    page does, instead of a JSON 401; API clients keep their 401."""
    if "authorization" in request.headers or "text/html" not in request.headers.get("accept", ""):
        return
    sessions = getattr(request.app.state, "sessions", None)
    if sessions is None or sessions.principal(request) is None:
        query = request.url.query
        raise SignInRequired(request.url.path + ("?" + query if query else ""))


def full_view(principal: Principal, office_id: str) -> bool:
    """Whether the principal sees the whole dashboard of the office (officers: today only)."""
    ensure_office(principal.may_act_for, office_id)
    return bool(principal.roles & FULL_VIEW)


def known_office(reporting: LiveReporting, office_id: str) -> str:
    reporting.office(office_id)  # an unknown office: the directory's one answer
    return office_id
