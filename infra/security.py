"""Staff and channel authentication: bearer tokens, stored hashed, with roles and an office.

Every route declares who may call it with `Depends(require(Role.OFFICER, ...))`;
health endpoints and public pages declare nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from infra.openapi import answers
from infra.roles import NATIONAL_OFFICE, Principal, Role


class TokenRegistry:
    """Bearer tokens held in memory: an `Authenticator` for an app built without the staff
    service (a partial hub in a test or a benchmark). The hub's own tokens are the staff
    service's (services.staff.tokens), kept hashed in its store."""

    def __init__(self) -> None:
        self._by_token: dict[str, Principal] = {}

    def issue(self, subject: str, roles: list[Role], office_id: str) -> str:
        token = "pst_" + secrets.token_urlsafe(24)
        self._by_token[hashlib.sha256(token.encode()).hexdigest()] = Principal(
            subject, frozenset(roles), office_id, national=office_id == NATIONAL_OFFICE
        )
        return token

    def authenticate(self, token: str) -> Principal | None:
        return self._by_token.get(hashlib.sha256(token.encode()).hexdigest())


_bearer = HTTPBearer(auto_error=False)


class Authenticator(Protocol):
    """Bearer tokens (`app.state.tokens`): a token's principal, or None when unknown,
    revoked or expired."""

    def authenticate(self, token: str) -> Principal | None: ...


class SessionAuthority(Protocol):
    """Staff sessions (`app.state.sessions`, the staff service's): the principal of the
    request's session cookie, or None without a live session. It raises a 403
    `HTTPException` itself when a state-changing request lacks the session's CSRF token."""

    def principal(self, request: Request) -> Principal | None: ...


class SignInRequired(Exception):
    """A staff page opened without a session: the browser goes to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageForbidden(Exception):
    """A signed-in person opened a staff page their roles do not include (answered 403
    with a page in the shell that says so, and their own links)."""

    def __init__(self, principal: Principal) -> None:
        super().__init__(principal.subject)
        self.principal = principal


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def form_csrf(request: Request) -> None:
    """A form's `csrf_token` field, read before the session is checked (the form is parsed
    once; the route reads the same parsed form)."""
    kind = request.headers.get("content-type", "")
    if (
        request.method in UNSAFE
        and kind.startswith(FORM_TYPES)
        and "x-csrf-token" not in (request.headers)
    ):
        form = await request.form()
        value = form.get("csrf_token")
        request.state.form_csrf = value if isinstance(value, str) else None


def _authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal | None:
    if credentials is not None:
        tokens: Authenticator = request.app.state.tokens
        principal = tokens.authenticate(credentials.credentials)
        if principal is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="Token tidak dikenal / unknown token",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return principal
    sessions: SessionAuthority | None = getattr(request.app.state, "sessions", None)
    return sessions.principal(request) if sessions is not None else None


def still_signed_in(request: Request) -> bool:
    """Whether the request's credential (token or session) still names someone (a live
    stream asks this as it runs; the request's method is GET, so no CSRF check)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    credentials = (
        HTTPAuthorizationCredentials(scheme=scheme, credentials=token)
        if scheme.lower() == "bearer" and token
        else None
    )
    try:
        return _authenticate(request, credentials) is not None
    except HTTPException:
        return False


def current_principal(
    _form: Annotated[None, Depends(form_csrf)],
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The bearer token's principal, else the session cookie's; 401 without either."""
    principal = _authenticate(request, credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Perlu masuk: sesi berakhir atau belum masuk / sign in required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.principal = principal
    return principal


def _check_roles(principal: Principal, allowed: frozenset[Role]) -> None:
    if not principal.roles & allowed:
        needed = ", ".join(sorted(allowed))
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"Peran tidak diizinkan; perlu salah satu dari: {needed}",
        )


def require(*roles: Role) -> Any:
    """A dependency that admits a principal holding any of `roles` (admin always)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    @answers(401, 403)
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        _check_roles(principal, allowed)
        return principal

    # The roles are the operation's security scopes in the OpenAPI document: clients read
    # who may call it there, and the role-matrix test is generated from it.
    return Security(check, scopes=sorted(allowed))


def require_page(*roles: Role) -> Any:
    """`require` for an HTML staff page: without a session the browser is sent to the
    sign-in page (`SignInRequired`, answered 303 /masuk?next=<path>), never a JSON 401."""
    allowed = frozenset(roles) | {Role.ADMIN}

    @answers(303, 401, 403)  # 303: to the sign-in page
    def check(
        _form: Annotated[None, Depends(form_csrf)],
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        principal = _authenticate(request, credentials)
        if principal is None:
            path = request.url.path
            raise SignInRequired(path + ("?" + request.url.query if request.url.query else ""))
        request.state.principal = principal
        if not principal.roles & allowed:
            raise PageForbidden(principal)
        return principal

    return Security(check, scopes=sorted(allowed))
