"""Staff and channel authentication: bearer tokens, stored hashed, with roles and an office.

Every route declares who may call it with `Depends(require(Role.OFFICER, ...))`;
health endpoints and public pages declare nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from infra.roles import Principal, Role


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenRegistry:
    """Maps token hashes to principals; the tokens themselves are never stored."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self._by_hash: dict[str, Principal] = {}
        for entry in entries or []:
            self._by_hash[entry["sha256"]] = Principal(
                subject=entry["subject"],
                roles=frozenset(Role(role) for role in entry["roles"]),
                office_id=entry["office_id"],
            )

    @classmethod
    def load(cls, path: Path) -> TokenRegistry:
        if not path.exists():
            return cls()
        return cls(json.loads(path.read_text()))

    def issue(self, subject: str, roles: list[Role], office_id: str) -> str:
        token = "pst_" + secrets.token_urlsafe(24)
        self._by_hash[hash_token(token)] = Principal(subject, frozenset(roles), office_id)
        return token

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        entries = [
            {
                "sha256": digest,
                "subject": p.subject,
                "roles": sorted(p.roles),
                "office_id": p.office_id,
            }
            for digest, p in self._by_hash.items()
        ]
        path.write_text(json.dumps(entries, indent=2))
        path.chmod(0o600)

    def authenticate(self, token: str) -> Principal | None:
        digest = hash_token(token)
        for known, principal in self._by_hash.items():
            if hmac.compare_digest(known, digest):
                return principal
        return None

    def __len__(self) -> int:
        return len(self._by_hash)


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


def current_principal(
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

    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        _check_roles(principal, allowed)
        return principal

    return Depends(check)


def require_page(*roles: Role) -> Any:
    """`require` for an HTML staff page: without a session the browser is sent to the
    sign-in page (`SignInRequired`, answered 303 /masuk?next=<path>), never a JSON 401."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def check(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        principal = _authenticate(request, credentials)
        if principal is None:
            raise SignInRequired(request.url.path)
        request.state.principal = principal
        if not principal.roles & allowed:
            raise PageForbidden(principal)
        return principal

    return Depends(check)
