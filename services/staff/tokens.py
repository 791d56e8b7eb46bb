"""Bearer tokens of machine clients (channel adapters, scripts), kept hashed in the staff
service's tables: created, listed, revoked and expiring without a restart.

A process trusts what it looked up for `token_cache_seconds` (2 s by default), so a new,
revoked or expired token counts in every running process within that time.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from infra.roles import NATIONAL_OFFICE, Principal, Role
from services.staff.domain.member import check_office_code
from services.staff.tables import Row, Tables
from standard.errors import Conflict, NotFound, OfficeCheck, RuleViolation, anyone, ensure_office

PREFIX = "pst_"
CACHE_LIMIT = 10_000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    subject: str
    roles: tuple[str, ...]
    office_id: str
    created_by: str
    created_at: float
    expires_at: float | None
    revoked_at: float | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= time.time():
            return "expired"
        return "active"

    @classmethod
    def of(cls, row: Row) -> TokenInfo:
        return cls(
            token_id=row["token_id"],
            subject=row["subject"],
            roles=tuple(row["roles"].split(",")),
            office_id=row["office_id"],
            created_by=row["created_by"],
            created_at=float(row["created_at"]),
            expires_at=None if row["expires_at"] is None else float(row["expires_at"]),
            revoked_at=None if row["revoked_at"] is None else float(row["revoked_at"]),
        )


class MachineTokens:
    """The hub's `Authenticator` (infra.security) for `Authorization: Bearer` requests."""

    def __init__(self, tables: Tables, cache_seconds: float = 2.0) -> None:
        self.tables = tables
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, Principal | None, float | None]] = {}
        self._lock = threading.Lock()

    def issue(
        self,
        subject: str,
        roles: Iterable[Role | str],
        office_id: str,
        expires_at: float | None = None,
        created_by: str = "cli",
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> str:
        """A new token (printed once; only its hash is kept)."""
        made = self.create(
            subject, roles, office_id, expires_at, created_by, may_act_for=may_act_for
        )
        return made[0]

    def create(
        self,
        subject: str,
        roles: Iterable[Role | str],
        office_id: str,
        expires_at: float | None = None,
        created_by: str = "cli",
        *,
        may_act_for: OfficeCheck = anyone,
    ) -> tuple[str, TokenInfo]:
        """A new token and what is kept of it, for an office the issuer may act for."""
        chosen = sorted({str(Role(role)) for role in roles})
        if not chosen:
            raise RuleViolation("roles", "pilih setidaknya satu peran / at least one role")
        if not 1 <= len(subject) <= 64:
            raise RuleViolation("subject", "1-64 karakter / 1-64 characters")
        check_office_code(office_id)
        ensure_office(may_act_for, office_id)
        if expires_at is not None and expires_at <= time.time():
            raise RuleViolation(
                "expires", "kedaluwarsa harus di masa depan / must be in the future"
            )
        token = PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(
            "tok_" + secrets.token_hex(6),
            subject,
            tuple(chosen),
            office_id,
            created_by[:64],
            time.time(),
            expires_at,
            None,
        )
        self.tables.execute(
            "INSERT INTO staff_machine_tokens (token_id, token_hash, subject, roles, office_id, "
            "created_by, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.token_id,
                hash_token(token),
                subject,
                ",".join(chosen),
                office_id,
                info.created_by,
                info.created_at,
                expires_at,
                None,
            ),
        )
        return token, info

    def authenticate(self, token: str) -> Principal | None:
        if not token.startswith(PREFIX) or len(token) > 128:
            return None
        key = hash_token(token)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached is None or now - cached[0] > self.cache_seconds:
            cached = (now, *self._lookup(key))
            with self._lock:
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = cached
        _, principal, expires_at = cached
        if expires_at is not None and expires_at <= time.time():
            return None
        return principal

    def _lookup(self, key: str) -> tuple[Principal | None, float | None]:
        row = self.tables.row(
            "SELECT * FROM staff_machine_tokens WHERE token_hash = ? AND revoked_at IS NULL",
            (key,),
        )
        if row is None:
            return None, None
        info = TokenInfo.of(row)
        roles = frozenset(Role(role) for role in info.roles)
        national = info.office_id == NATIONAL_OFFICE  # a token of BPS RI serves every office
        principal = Principal(info.subject, roles, info.office_id, national=national)
        return principal, info.expires_at

    def list(self) -> list[TokenInfo]:
        rows = self.tables.rows("SELECT * FROM staff_machine_tokens ORDER BY created_at DESC")
        return [TokenInfo.of(row) for row in rows]

    def revoke(self, token_id: str) -> TokenInfo:
        changed = self.tables.execute(
            "UPDATE staff_machine_tokens SET revoked_at = ? WHERE token_id = ? "
            "AND revoked_at IS NULL",
            (time.time(), token_id),
        )
        found = self.tables.row(
            "SELECT * FROM staff_machine_tokens WHERE token_id = ?", (token_id,)
        )
        if found is None:
            raise NotFound("token_id", f"token {token_id} tidak ada / no such token")
        if not changed:
            raise Conflict("token_id", "token sudah dicabut / already revoked")
        with self._lock:
            self._cache.clear()  # this process knows at once; the others within seconds
        return TokenInfo.of(found)

    def __len__(self) -> int:
        row = self.tables.row("SELECT COUNT(*) AS n FROM staff_machine_tokens")
        return int(row["n"]) if row else 0
