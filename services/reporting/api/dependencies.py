"""Who may read what: dashboards per office, reports for supervisors and auditors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from infra.security import Principal, Role, TokenRegistry, require
from infra.service import provided
from services.reporting.live import LiveReporting
from standard.errors import ensure_office

FULL_VIEW = frozenset({Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN})
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Perlu token / a bearer token is needed"},
    403: {"description": "Peran atau kantor tidak diizinkan / role or office not allowed"},
    422: {"description": "Masukan tidak valid (field dan alasan) / invalid input"},
}


ReportingDep = Annotated[LiveReporting, Depends(provided(LiveReporting))]
Auditing = Annotated[Principal, require(Role.SUPERVISOR, Role.AUDITOR)]
Watching = Annotated[Principal, require(Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR)]

_bearer = HTTPBearer(auto_error=False)


def stream_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    token: Annotated[
        str | None,
        Query(
            description="Token, untuk EventSource yang tak bisa mengirim header / "
            "the token, for EventSource, which cannot send headers"
        ),
    ] = None,
) -> Principal:
    """A bearer token from the Authorization header, or from `?token=` (EventSource)."""
    given = credentials.credentials if credentials is not None else token
    registry: TokenRegistry = request.app.state.tokens
    principal = registry.authenticate(given) if given else None
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Perlu token yang dikenal (header Authorization atau ?token=) / "
            "a known token is needed",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not principal.roles & (FULL_VIEW | {Role.OFFICER}):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="Peran tidak diizinkan; perlu officer, supervisor, auditor atau admin",
        )
    return principal


StreamWatcher = Annotated[Principal, Depends(stream_principal)]


def full_view(principal: Principal, office_id: str) -> bool:
    """Whether the principal sees the whole dashboard of the office (officers: today only)."""
    ensure_office(principal.may_act_for, office_id)
    return bool(principal.roles & FULL_VIEW)


def known_office(reporting: LiveReporting, office_id: str) -> str:
    reporting.office(office_id)  # an unknown office: the directory's one answer
    return office_id
