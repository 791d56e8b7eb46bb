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
from typing import Annotated, Any

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


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Perlu masuk: kirim header Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    registry: TokenRegistry = request.app.state.tokens
    principal = registry.authenticate(credentials.credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Token tidak dikenal / unknown token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def require(*roles: Role) -> Any:
    """A dependency that admits a principal holding any of `roles` (admin always)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.roles & allowed:
            needed = ", ".join(sorted(allowed))
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"Peran tidak diizinkan; perlu salah satu dari: {needed}",
            )
        return principal

    return Depends(check)
