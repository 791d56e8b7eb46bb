"""`Idempotency-Key` for staff and channel writes: a client that retries after a timeout
never records the act twice.

A router opts in with `APIRouter(route_class=idempotent_writes(ItsApplication))`: its
POST routes declare the optional header in the OpenAPI, and a request that carries one
is answered like this (keys are scoped to the caller's credentials and kept per service,
in the service's own store, for `TTL`):

- first time: the route runs; a 2xx answer is kept (encrypted with the service's cipher
  where it has one) with a digest of the request (method, path, query, body);
- same key, same request: the kept answer is replayed (`Idempotent-Replayed: true`),
  nothing runs again;
- same key, another request: 422 naming the `Idempotency-Key` header;
- same key while the first is still running: 409 with `Retry-After`.

An answer that is not 2xx recorded nothing (the services validate before saving), so it
is not kept: the client may retry with the same key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import weakref
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, ProgrammingError
from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from infra.openapi import answers

HEADER = "Idempotency-Key"
TTL = timedelta(hours=24)
TABLE = "pst_idempotency"
PENDING = -1
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"


@answers(409, 422)
def declared_header(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            pattern=KEY_PATTERN,
            description=(
                "Kunci unik per tindakan (mis. UUID) agar pengulangan setelah timeout tidak "
                "mencatat dua kali / a unique key per act: a retry with the same key and body "
                "replays the first answer; with another body it is refused (422)."
            ),
        ),
    ] = None,
) -> None:
    """Declares and checks the header's shape; the route class does the rest."""


class IdempotencyStore:
    """Kept answers of one service, in its own store (PostgreSQL, SQLite or memory)."""

    def __init__(self, app: Application[Any], ttl: timedelta = TTL) -> None:
        self.ttl = ttl
        self._cipher = getattr(app.mapper, "cipher", None)
        datastore = getattr(app.recorder, "datastore", None)
        kind = type(datastore).__name__
        self._datastore: Any = datastore
        self._memory: dict[tuple[str, str], tuple[str, int, bytes, datetime]] | None = None
        self._lock = threading.Lock()
        if kind == "PostgresDatastore":
            self._table, self._mark = f'"{datastore.schema}".{TABLE}', "%s"  # type: ignore[union-attr]
            stamp, blob = "TIMESTAMPTZ", "BYTEA"
        elif kind == "SQLiteDatastore":
            self._table, self._mark, stamp, blob = TABLE, "?", "TEXT", "BLOB"
        else:
            self._memory = {}
            return
        try:
            with datastore.transaction(commit=True) as cursor:  # type: ignore[union-attr]
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {self._table} (scope TEXT NOT NULL, "
                    "key TEXT NOT NULL, digest TEXT NOT NULL, status INTEGER NOT NULL, "
                    f"answer {blob} NOT NULL, created_at {stamp} NOT NULL, "
                    "PRIMARY KEY (scope, key))"
                )
        except (IntegrityError, ProgrammingError):
            pass  # created by another process at the same moment

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self._mark)

    def _stamp(self, moment: datetime) -> Any:
        return moment if self._mark == "%s" else moment.isoformat()

    def claim(self, scope: str, key: str, digest: str) -> tuple[str, int, bytes] | None:
        """None when this request may run (the key is now claimed), else what is kept:
        (digest, status or PENDING, answer)."""
        now = datetime.now(UTC)
        if self._memory is not None:
            with self._lock:
                found = self._memory.get((scope, key))
                if found is not None and found[3] > now - self.ttl:
                    return found[0], found[1], found[2]
                self._memory[(scope, key)] = (digest, PENDING, b"", now)
                return None
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self._sql(f"DELETE FROM {self._table} WHERE created_at < ?"),
                (self._stamp(now - self.ttl),),
            )
            cursor.execute(
                self._sql(
                    f"INSERT INTO {self._table} (scope, key, digest, status, answer, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING"
                ),
                (scope, key, digest, PENDING, b"", self._stamp(now)),
            )
            if getattr(cursor, "sqlite_cursor", cursor).rowcount == 1:
                return None
            cursor.execute(
                self._sql(
                    f"SELECT digest, status, answer FROM {self._table} WHERE scope = ? AND key = ?"
                ),
                (scope, key),
            )
            row = cursor.fetchone()
        if row is None:  # expired and deleted meanwhile: try again
            return self.claim(scope, key, digest)
        return row["digest"], int(row["status"]), self._open(bytes(row["answer"]))

    def keep(self, scope: str, key: str, status: int, answer: bytes) -> None:
        sealed = self._seal(answer)
        if self._memory is not None:
            with self._lock:
                digest, _, _, at = self._memory[(scope, key)]
                self._memory[(scope, key)] = (digest, status, answer, at)
            return
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self._sql(
                    f"UPDATE {self._table} SET status = ?, answer = ? WHERE scope = ? AND key = ?"
                ),
                (status, sealed, scope, key),
            )

    def release(self, scope: str, key: str) -> None:
        if self._memory is not None:
            with self._lock:
                self._memory.pop((scope, key), None)
            return
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self._sql(f"DELETE FROM {self._table} WHERE scope = ? AND key = ?"), (scope, key)
            )

    def _seal(self, answer: bytes) -> bytes:
        return self._cipher.encrypt(answer) if self._cipher is not None else answer

    def _open(self, answer: bytes) -> bytes:
        if not answer or self._cipher is None:
            return answer
        return bytes(self._cipher.decrypt(answer))


_stores: weakref.WeakKeyDictionary[Application[Any], IdempotencyStore] = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def store_for(app: Application[Any]) -> IdempotencyStore:
    with _stores_lock:
        store = _stores.get(app)
        if store is None:
            store = _stores[app] = IdempotencyStore(app)
        return store


def refused(status: int, reason: str, **headers: str) -> JSONResponse:
    detail = [{"loc": ["header", HEADER], "msg": reason, "type": "idempotency_key"}]
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def idempotent_writes(kind: type[Application[Any]]) -> type[APIRoute]:
    """A route class whose POST routes honour `Idempotency-Key` with `kind`'s store."""

    class IdempotentRoute(APIRoute):
        def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
            if "POST" in (kwargs.get("methods") or ()):
                kwargs["dependencies"] = [
                    *(kwargs.get("dependencies") or []),
                    Depends(declared_header),
                ]
            super().__init__(path, endpoint, **kwargs)

        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handle = super().get_route_handler()

            async def replaying(request: Request) -> Response:
                key = request.headers.get(HEADER)
                if key is None or request.method != "POST":
                    return await handle(request)
                app = request.app.state.containers[kind]
                store = store_for(app)
                credentials = request.headers.get("Authorization", "")
                scope = hashlib.sha256(f"{credentials}\x1f{request.url.path}".encode()).hexdigest()
                body = await request.body()
                digest = hashlib.sha256(
                    b"\x1f".join([request.method.encode(), str(request.url.query).encode(), body])
                ).hexdigest()
                kept = await run_in_threadpool(store.claim, scope, key, digest)
                if kept is not None:
                    return replay(kept, digest)
                try:
                    response = await handle(request)
                except BaseException:
                    await run_in_threadpool(store.release, scope, key)
                    raise
                if 200 <= response.status_code < 300 and isinstance(response.body, bytes):
                    answer = json.dumps(
                        {
                            "status": response.status_code,
                            "media_type": response.headers.get("content-type"),
                            "body": base64.b64encode(response.body).decode(),
                        }
                    ).encode()
                    await run_in_threadpool(store.keep, scope, key, response.status_code, answer)
                else:
                    await run_in_threadpool(store.release, scope, key)
                return response

            return replaying

    return IdempotentRoute


def replay(kept: tuple[str, int, bytes], digest: str) -> Response:
    kept_digest, status, answer = kept
    if kept_digest != digest:
        return refused(
            422,
            "kunci sudah dipakai untuk permintaan lain / key already used for another request",
        )
    if status == PENDING:
        return refused(
            409,
            "permintaan dengan kunci ini masih diproses / a request with this key is in progress",
            **{"Retry-After": "1"},
        )
    fields = json.loads(answer)
    return Response(
        content=base64.b64decode(fields["body"]),
        status_code=fields["status"],
        media_type=fields["media_type"],
        headers={"Idempotent-Replayed": "true"},
    )
