"""Visitors' own links to their visit: unguessable, and checked by any service alone.

A walk-in's ticket carries a QR code of `/kunjungan/<token>`: the visitor's status page,
their guest book, then their survey. The token is the visit id and a keyed MAC of it
(HMAC-SHA256 under a key derived from the hub's visitor-ref secret, 128 bits kept), so
intake, the queue and feedback each verify a token with the key every service already
receives, and nobody can make one for another visit from the visit id (which events carry).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from uuid import UUID

PURPOSE = b"pst visit link v1"
MAC_HEX = 32  # 128 bits
TOKEN = re.compile(r"^[0-9a-f]{32}[0-9a-f]{32}$")
STATUS_PATH = "/kunjungan/{token}"
GUEST_BOOK_PATH = "/buku-tamu/{token}"


def _key(secret: bytes) -> bytes:
    return hmac.new(secret, PURPOSE, hashlib.sha256).digest()


def _mac(secret: bytes, visit_id: UUID) -> str:
    return hmac.new(_key(secret), visit_id.bytes, hashlib.sha256).hexdigest()[:MAC_HEX]


def visit_token(secret: bytes, visit_id: UUID | str) -> str:
    visit = visit_id if isinstance(visit_id, UUID) else UUID(str(visit_id))
    return visit.hex + _mac(secret, visit)


def visit_of_token(secret: bytes, token: str) -> UUID | None:
    """The visit a token names, or None when it is malformed or its MAC is wrong."""
    if not TOKEN.match(token):
        return None
    visit = UUID(hex=token[:32])
    if not hmac.compare_digest(token[32:], _mac(secret, visit)):
        return None
    return visit


def public_link(base_url: str, path: str) -> str:
    """`path` under the hub's public base URL (PST_PUBLIC_URL)."""
    return base_url.rstrip("/") + path


def status_url(base_url: str, secret: bytes, visit_id: UUID | str) -> str:
    return public_link(base_url, STATUS_PATH.format(token=visit_token(secret, visit_id)))


class VisitLinks:
    """The hub's visit links: its key and its public base URL, together."""

    def __init__(self, secret: bytes, base_url: str) -> None:
        self._secret = secret
        self.base_url = base_url.rstrip("/")

    def token(self, visit_id: UUID | str) -> str:
        return visit_token(self._secret, visit_id)

    def visit_of(self, token: str) -> UUID | None:
        return visit_of_token(self._secret, token)

    def status_url(self, visit_id: UUID | str) -> str:
        return public_link(self.base_url, STATUS_PATH.format(token=self.token(visit_id)))

    def guest_book_path(self, visit_id: UUID | str) -> str:
        return GUEST_BOOK_PATH.format(token=self.token(visit_id))

    def url(self, path: str) -> str:
        return public_link(self.base_url, path)
