"""The staff service's own tables beside its event store: credentials, sessions, sign-in
attempts and the audit trail, machine tokens. None of this is an event (docs/adr/0012):
passwords, sessions and tokens never reach the bus or an archive.

They live in the service's store (PostgreSQL schema `pst_staff`, or `var/staff.sqlite3`),
so every process of the hub reads the same rows: a sign-out, a deactivation or a revoked
token counts in every process at the next request. A hub with in-memory stores (tests)
keeps them in an in-memory SQLite database.

Instants are seconds since the epoch (a float), the same in both databases.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, ProgrammingError

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS staff_credentials (username TEXT PRIMARY KEY, "
    "password_hash TEXT NOT NULL, changed_at DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS staff_sessions (session_hash TEXT PRIMARY KEY, "
    "username TEXT NOT NULL, csrf_token TEXT NOT NULL, method TEXT NOT NULL, "
    "created_at DOUBLE PRECISION NOT NULL, seen_at DOUBLE PRECISION NOT NULL, "
    "expires_at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS staff_sessions_user ON staff_sessions (username)",
    "CREATE TABLE IF NOT EXISTS staff_signin_failures (scope TEXT NOT NULL, "
    "at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS staff_signin_failures_scope ON staff_signin_failures (scope, at)",
    "CREATE TABLE IF NOT EXISTS staff_signin_audit (at DOUBLE PRECISION NOT NULL, "
    "username TEXT NOT NULL, client TEXT NOT NULL, method TEXT NOT NULL, "
    "outcome TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS staff_signin_audit_at ON staff_signin_audit (at)",
    "CREATE TABLE IF NOT EXISTS staff_machine_tokens (token_id TEXT PRIMARY KEY, "
    "token_hash TEXT NOT NULL UNIQUE, subject TEXT NOT NULL, roles TEXT NOT NULL, "
    "office_id TEXT NOT NULL, created_by TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, "
    "expires_at DOUBLE PRECISION, revoked_at DOUBLE PRECISION)",
    "CREATE TABLE IF NOT EXISTS staff_profiles (username TEXT PRIMARY KEY, email TEXT)",
    "CREATE TABLE IF NOT EXISTS staff_pending (kind TEXT NOT NULL, key_hash TEXT NOT NULL, "
    "payload TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (kind, key_hash))",
    # The provider's subject and session (`sid`) behind a hub session opened by SSO, so the
    # provider's back-channel logout can end it (opaque ids; the session id hashed).
    "CREATE TABLE IF NOT EXISTS staff_sso_sessions (session_hash TEXT PRIMARY KEY, "
    "issuer TEXT NOT NULL, subject TEXT NOT NULL, sid TEXT, "
    "expires_at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS staff_sso_sessions_subject ON staff_sso_sessions (issuer, subject)",
)
Row = dict[str, Any]


class Tables:
    """SQL over the service's own database, with `?` marks whatever the dialect."""

    def __init__(self, app: Application[Any]) -> None:
        datastore = getattr(app.recorder, "datastore", None)
        kind = type(datastore).__name__
        self._lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        self._datastore: Any = datastore
        self._schema = ""
        if kind == "PostgresDatastore":
            self._mark, self._schema = "%s", f'"{datastore.schema}".'  # type: ignore[union-attr]
        elif kind == "SQLiteDatastore":
            self._mark = "?"
        else:
            self._mark = "?"
            self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            self._memory.row_factory = sqlite3.Row
        for statement in SCHEMA:
            # Created by another process at the same moment: theirs is the same.
            with contextlib.suppress(IntegrityError, ProgrammingError, sqlite3.OperationalError):
                self.execute(statement)

    def _sql(self, statement: str) -> str:
        statement = statement.replace("?", self._mark)
        if self._schema:
            for word in ("TABLE IF NOT EXISTS ", "FROM ", "INTO ", "UPDATE ", " ON "):
                statement = statement.replace(word + "staff_", word + self._schema + "staff_")
        return statement

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        if self._memory is not None:
            with self._lock, self._memory:
                yield self._memory.cursor()
            return
        with self._datastore.transaction(commit=True) as cursor:
            yield getattr(cursor, "sqlite_cursor", cursor)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; the number of rows it changed."""
        with self._cursor() as cursor:
            cursor.execute(self._sql(statement), tuple(params))
            return int(cursor.rowcount or 0)

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._cursor() as cursor:
            cursor.execute(self._sql(statement), tuple(params))
            return [dict(row) for row in cursor.fetchall()]

    def row(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        found = self.rows(statement, params)
        return found[0] if found else None
