"""Is PostgreSQL reachable? Asked before a request is handled, so an outage is a quick 503.

The event-store library retries a failed statement ten times; during an outage a request
would wait half a minute for its answer. Instead the web layer asks a `Reachability` (a
one-second connection attempt, its answer kept for half a second) and answers 503 with
`Retry-After` at once while the database is away. Liveness (`/health`) is always answered.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import psycopg

from infra.limits import ASGIApp, Receive, Scope, Send

UNAVAILABLE = (
    "basis data sedang tidak dapat dihubungi; coba lagi sebentar lagi / "
    "the database cannot be reached; retry shortly"
)
RETRY_AFTER = "5"


class Reachability:
    def __init__(self, url: str, ttl: float = 0.5, timeout: int = 1) -> None:
        self.url, self.ttl, self.timeout = url, ttl, timeout
        self._lock = threading.Lock()
        self._checked_at = -1e9
        self._reachable = True

    def __call__(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at >= self.ttl:
                self._reachable = self._probe()
                self._checked_at = time.monotonic()
            return self._reachable

    def _probe(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=self.timeout) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True


class OutageGuard:
    """Answers 503 for every request but liveness while `reachable()` says no."""

    def __init__(self, app: ASGIApp, reachable: Callable[[], bool]) -> None:
        self.app, self.reachable = app, reachable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/health" or self.reachable():
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/health/ready":  # readiness tells the truth, quickly
            answer: object = {"ready": False, "checks": {"database": "error: unreachable"}}
        else:
            answer = {"detail": [{"loc": [], "msg": UNAVAILABLE, "type": "unavailable"}]}
        body = json.dumps(answer).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"retry-after", RETRY_AFTER.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
