"""The projection's storage on SQLite: a file under var/ (embedded), or `:memory:` (unit
tests). Same tables as on PostgreSQL (see `store.py`); one connection, shared by the
consumer and the web threads under a lock; SQLite's write lock serializes writers."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from services.reporting.store import EventRow, ProjectionStore, StoredRow, far_enough

SQLITE_STATE = """
CREATE TABLE IF NOT EXISTS projection_state (id INTEGER PRIMARY KEY CHECK (id = 1),
    current INTEGER NOT NULL, last INTEGER NOT NULL);
INSERT OR IGNORE INTO projection_state VALUES (1, 1, 1);
CREATE TABLE IF NOT EXISTS evaluations (office_id TEXT NOT NULL, label TEXT NOT NULL,
    report TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_to TEXT, sent_at TEXT, PRIMARY KEY (office_id, label));
CREATE TABLE IF NOT EXISTS delivery_schedules (office_id TEXT PRIMARY KEY,
    schedule TEXT NOT NULL, changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
"""

SQLITE_GENERATION = """
CREATE TABLE IF NOT EXISTS events_g{n} (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,
    office_id TEXT NOT NULL, event_type TEXT NOT NULL, occurred_at REAL NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_g{n}_office ON events_g{n} (office_id, seq);
CREATE TABLE IF NOT EXISTS positions_g{n} (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
"""


class SqliteStore(ProjectionStore):
    """SQLite: a file under var/ (embedded), or `:memory:` (unit tests). One connection,
    shared by the consumer and the web threads under a lock."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 10000")
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        with self._transaction() as db:
            db.executescript_statements(SQLITE_STATE)
            db.executescript_statements(SQLITE_GENERATION.format(n=self._current(db)))

    @contextmanager
    def _transaction(self) -> Iterator[_Tx]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _Tx(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @staticmethod
    def _current(db: _Tx) -> int:
        return int(db.one("SELECT current FROM projection_state WHERE id = 1"))

    def current_generation(self) -> int:
        return int(self._query("SELECT current FROM projection_state WHERE id = 1")[0][0])

    def apply(
        self, rows: Sequence[EventRow], positions: dict[str, int], generation: int | None = None
    ) -> int:
        with self._transaction() as db:
            n = self._current(db) if generation is None else generation
            before = db.changes()
            db.executemany(
                f"INSERT OR IGNORE INTO events_g{n} "
                "(event_id, office_id, event_type, occurred_at, data) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            inserted = db.changes() - before
            self._write_positions(db, n, positions)
            self.before_commit()
        return inserted

    def _write_positions(self, db: _Tx, n: int, positions: dict[str, int]) -> None:
        db.executemany(
            f"INSERT INTO positions_g{n} (name, position) VALUES (?, ?) ON CONFLICT (name) "
            "DO UPDATE SET position = max(position, excluded.position)",
            list(positions.items()),
        )

    def positions(self, generation: int | None = None) -> dict[str, int]:
        n = generation or self.current_generation()
        return dict(self._query(f"SELECT name, position FROM positions_g{n}"))

    def rows_since(self, generation: int, office_id: str, after: int) -> list[StoredRow]:
        return self._query(
            f"SELECT seq, event_id, event_type, occurred_at, data FROM events_g{generation} "
            "WHERE office_id = ? AND seq > ? ORDER BY seq",
            (office_id, after),
        )

    def head(self, generation: int | None = None) -> int:
        n = generation or self.current_generation()
        return int(self._query(f"SELECT coalesce(max(seq), 0) FROM events_g{n}")[0][0])

    def counts(self, generation: int | None = None) -> dict[str, int]:
        n = generation or self.current_generation()
        return dict(self._query(f"SELECT office_id, count(*) FROM events_g{n} GROUP BY 1"))

    def new_generation(self) -> int:
        with self._transaction() as db:
            n = int(db.one("SELECT last FROM projection_state WHERE id = 1")) + 1
            db.execute("UPDATE projection_state SET last = ? WHERE id = 1", (n,))
            db.executescript_statements(SQLITE_GENERATION.format(n=n))
        return n

    def swap(self, generation: int) -> bool:
        with self._transaction() as db:
            current = self._current(db)
            fresh = dict(db.all(f"SELECT name, position FROM positions_g{generation}"))
            if not far_enough(
                fresh, dict(db.all(f"SELECT name, position FROM positions_g{current}"))
            ):
                return False
            db.execute("UPDATE projection_state SET current = ? WHERE id = 1", (generation,))
        return True

    def drop_generation(self, generation: int) -> None:
        if generation == self.current_generation():
            raise ValueError(f"generation {generation} is current")
        with self._transaction() as db:
            db.execute(f"DROP TABLE IF EXISTS events_g{generation}")
            db.execute(f"DROP TABLE IF EXISTS positions_g{generation}")

    def generations(self) -> list[int]:
        names = self._query("SELECT name FROM sqlite_master WHERE name LIKE 'positions_g%'")
        return sorted(int(name.removeprefix("positions_g")) for (name,) in names)

    def stored_evaluation(self, office_id: str, label: str) -> dict[str, Any] | None:
        found = self._query(
            "SELECT report, created_at, sent_to, sent_at FROM evaluations "
            "WHERE office_id = ? AND label = ?",
            (office_id, label),
        )
        if not found:
            return None
        report, created_at, sent_to, sent_at = found[0]
        return {"report": report, "created_at": created_at, "sent_to": sent_to, "sent_at": sent_at}

    def store_evaluation(self, office_id: str, label: str, report_json: str) -> bool:
        with self._transaction() as db:
            before = db.changes()  # the connection's running total (as in `apply`)
            db.execute(
                "INSERT OR IGNORE INTO evaluations (office_id, label, report) VALUES (?, ?, ?)",
                (office_id, label, report_json),
            )
            return db.changes() > before

    def mark_sent(self, office_id: str, label: str, recipients: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE evaluations SET sent_to = ?, sent_at = CURRENT_TIMESTAMP "
                "WHERE office_id = ? AND label = ?",
                (recipients, office_id, label),
            )

    def evaluations(self, office_id: str) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT label, created_at, sent_to, sent_at FROM evaluations WHERE office_id = ? "
            "ORDER BY label",
            (office_id,),
        )
        keys = ("label", "created_at", "sent_to", "sent_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def delivery_schedules(self) -> dict[str, dict[str, Any]]:
        rows = self._query(
            "SELECT office_id, schedule, changed_by, changed_at FROM delivery_schedules"
        )
        return {
            office: {"schedule": schedule, "changed_by": by, "changed_at": at}
            for office, schedule, by, at in rows
        }

    def set_delivery_schedule(self, office_id: str, schedule_json: str, changed_by: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO delivery_schedules (office_id, schedule, changed_by) VALUES (?, ?, ?) "
                "ON CONFLICT (office_id) DO UPDATE SET schedule = excluded.schedule, "
                "changed_by = excluded.changed_by, changed_at = CURRENT_TIMESTAMP",
                (office_id, schedule_json, changed_by),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Tx:
    """A thin view of the connection inside one transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._db.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Any]) -> None:
        if rows:
            self._db.executemany(sql, rows)

    def executescript_statements(self, script: str) -> None:
        # executescript() would COMMIT the open transaction: run statement by statement.
        for statement in filter(None, (part.strip() for part in script.split(";"))):
            self._db.execute(statement)

    def one(self, sql: str) -> Any:
        return self._db.execute(sql).fetchone()[0]

    def all(self, sql: str) -> list[Any]:
        return self._db.execute(sql).fetchall()

    def changes(self) -> int:
        return self._db.total_changes
