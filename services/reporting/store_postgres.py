"""The projection's storage on PostgreSQL (distributed mode): schema `pst_reporting`.

Same tables as the SQLite store (see `store.py`). A batch is COPied into a temporary
staging table and moved with one set-based `INSERT ... ON CONFLICT (event_id) DO
NOTHING`, positions with `ON CONFLICT ... GREATEST`: one transaction, a handful of round
trips, whatever the batch size. Writers take a transaction-scoped advisory lock, so
committed rows' `seq` only grows and a generation swap never splits a batch.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from services.reporting.store import EventRow, ProjectionStore, StoredRow, far_enough

CONNECT_TIMEOUT_SECONDS = 3

SCHEMA = "pst_reporting"
STAGE = """CREATE TEMP TABLE IF NOT EXISTS reporting_stage (event_id text, office_id text,
    event_type text, occurred_at double precision, data text) ON COMMIT DELETE ROWS"""
COPY_STAGE = "COPY reporting_stage (event_id, office_id, event_type, occurred_at, data) FROM STDIN"


class PostgresStore(ProjectionStore):
    def __init__(self, database_url: str, schema: str = SCHEMA, pool_size: int = 4) -> None:
        self.schema = schema
        self._lock_key = zlib.crc32(f"pst-reporting:{schema}".encode())
        # A crash may lose the last batches, but always with their positions: they are
        # read again from Kafka. So a commit need not wait for the WAL flush.
        self._begin = sql.SQL(
            "SELECT pg_advisory_xact_lock({key}); SET LOCAL synchronous_commit = off; {stage};"
            " SELECT current FROM {state} WHERE id = 1"
        ).format(
            key=sql.Literal(self._lock_key),
            stage=sql.SQL(STAGE),
            state=self._id("projection_state"),
        )
        self._pool = ConnectionPool(
            database_url,
            min_size=1,
            max_size=pool_size,
            open=True,
            kwargs={"autocommit": False, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
            timeout=CONNECT_TIMEOUT_SECONDS,  # a request gives up (503), never hangs
            check=ConnectionPool.check_connection,  # replace a connection a restart left dead
        )
        self._create_schema()

    def _id(self, name: str) -> sql.Composed:
        return sql.SQL("{}.{}").format(sql.Identifier(self.schema), sql.Identifier(name))

    @contextmanager
    def _transaction(self, locked: bool = False) -> Iterator[psycopg.Cursor[Any]]:
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            if locked:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
            yield cur

    def _create_schema(self) -> None:
        with self._transaction(locked=True) as cur:
            cur.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
            )
            cur.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (id int PRIMARY KEY CHECK (id = 1), "
                    "current int NOT NULL, last int NOT NULL)"
                ).format(self._id("projection_state"))
            )
            cur.execute(
                sql.SQL("INSERT INTO {} VALUES (1, 1, 1) ON CONFLICT DO NOTHING").format(
                    self._id("projection_state")
                )
            )
            cur.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (office_id text NOT NULL, label text NOT NULL, "
                    "report text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), "
                    "sent_to text, sent_at timestamptz, PRIMARY KEY (office_id, label))"
                ).format(self._id("evaluations"))
            )
            cur.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (office_id text PRIMARY KEY, "
                    "schedule text NOT NULL, changed_by text NOT NULL, "
                    "changed_at timestamptz NOT NULL DEFAULT now())"
                ).format(self._id("delivery_schedules"))
            )
            self._create_generation(cur, self._current(cur))

    def _create_generation(self, cur: psycopg.Cursor[Any], n: int) -> None:
        events, positions = self._id(f"events_g{n}"), self._id(f"positions_g{n}")
        cur.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                " event_id text NOT NULL UNIQUE, office_id text NOT NULL, event_type text NOT NULL,"
                " occurred_at double precision NOT NULL, data text NOT NULL)"
            ).format(events)
        )
        cur.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (office_id, seq)").format(
                sql.Identifier(f"events_g{n}_office"), events
            )
        )
        cur.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, position bigint NOT NULL)"
            ).format(positions)
        )

    def _current(self, cur: psycopg.Cursor[Any]) -> int:
        cur.execute(
            sql.SQL("SELECT current FROM {} WHERE id = 1").format(self._id("projection_state"))
        )
        row = cur.fetchone()
        assert row is not None
        return int(row[0])

    def _fetch(self, query: str | sql.Composed, params: Sequence[Any] = ()) -> list[Any]:
        with self._pool.connection() as conn, conn.cursor() as cur:
            cur.execute(query, params)
            rows = cur.fetchall()
            conn.rollback()
            return rows

    def current_generation(self) -> int:
        return int(
            self._fetch(
                sql.SQL("SELECT current FROM {} WHERE id = 1").format(self._id("projection_state"))
            )[0][0]
        )

    def apply(
        self, rows: Sequence[EventRow], positions: dict[str, int], generation: int | None = None
    ) -> int:
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(self._begin)  # lock, commit mode, staging table, current generation
            while cur.nextset():
                pass
            current = cur.fetchone()
            assert current is not None
            n = current[0] if generation is None else generation
            if rows:
                with cur.copy(COPY_STAGE) as copy:
                    for row in rows:
                        copy.write_row(row)
            names, values = list(positions), list(positions.values())
            cur.execute(self._move(n), (names, values))
            moved = cur.fetchone()
            self.before_commit()
        return int(moved[0]) if moved else 0

    def _move(self, n: int) -> sql.Composed:
        """One statement: staged rows in (duplicates skipped), positions only forward."""
        return sql.SQL(
            "WITH moved AS (INSERT INTO {events} (event_id, office_id, event_type, occurred_at,"
            " data) SELECT event_id, office_id, event_type, occurred_at, data"
            " FROM reporting_stage ON CONFLICT (event_id) DO NOTHING RETURNING 1),"
            " advanced AS (INSERT INTO {positions} AS p (name, position)"
            " SELECT * FROM unnest(%s::text[], %s::bigint[]) ON CONFLICT (name)"
            " DO UPDATE SET position = GREATEST(p.position, EXCLUDED.position))"
            " SELECT count(*) FROM moved"
        ).format(events=self._id(f"events_g{n}"), positions=self._id(f"positions_g{n}"))

    def positions(self, generation: int | None = None) -> dict[str, int]:
        n = generation or self.current_generation()
        return dict(
            self._fetch(
                sql.SQL("SELECT name, position FROM {}").format(self._id(f"positions_g{n}"))
            )
        )

    def rows_since(self, generation: int, office_id: str, after: int) -> list[StoredRow]:
        rows = self._fetch(
            sql.SQL(
                "SELECT seq, event_id, event_type, occurred_at, data FROM {} "
                "WHERE office_id = %s AND seq > %s ORDER BY seq"
            ).format(self._id(f"events_g{generation}")),
            (office_id, after),
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def head(self, generation: int | None = None) -> int:
        n = generation or self.current_generation()
        query = sql.SQL("SELECT coalesce(max(seq), 0) FROM {}").format(self._id(f"events_g{n}"))
        return int(self._fetch(query)[0][0])

    def counts(self, generation: int | None = None) -> dict[str, int]:
        n = generation or self.current_generation()
        query = sql.SQL("SELECT office_id, count(*) FROM {} GROUP BY 1").format(
            self._id(f"events_g{n}")
        )
        return {office: int(count) for office, count in self._fetch(query)}

    def new_generation(self) -> int:
        state = self._id("projection_state")
        with self._transaction(locked=True) as cur:
            cur.execute(sql.SQL("UPDATE {} SET last = last + 1 RETURNING last").format(state))
            row = cur.fetchone()
            assert row is not None
            self._create_generation(cur, int(row[0]))
        return int(row[0])

    def swap(self, generation: int) -> bool:
        with self._transaction(locked=True) as cur:
            current = self._current(cur)
            fresh, live = (self._positions_in(cur, n) for n in (generation, current))
            if not far_enough(fresh, live):
                return False
            cur.execute(
                sql.SQL("UPDATE {} SET current = %s WHERE id = 1").format(
                    self._id("projection_state")
                ),
                (generation,),
            )
        return True

    def _positions_in(self, cur: psycopg.Cursor[Any], n: int) -> dict[str, int]:
        cur.execute(sql.SQL("SELECT name, position FROM {}").format(self._id(f"positions_g{n}")))
        return dict(cur.fetchall())

    def drop_generation(self, generation: int) -> None:
        with self._transaction(locked=True) as cur:
            if self._current(cur) == generation:
                raise ValueError(f"generation {generation} is current")
            for name in (f"events_g{generation}", f"positions_g{generation}"):
                cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(self._id(name)))

    def generations(self) -> list[int]:
        rows = self._fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name LIKE 'positions_g%%'",
            (self.schema,),
        )
        return sorted(int(name.removeprefix("positions_g")) for (name,) in rows)

    def stored_evaluation(self, office_id: str, label: str) -> dict[str, Any] | None:
        rows = self._fetch(
            sql.SQL(
                "SELECT report, created_at::text, sent_to, sent_at::text FROM {} "
                "WHERE office_id = %s AND label = %s"
            ).format(self._id("evaluations")),
            (office_id, label),
        )
        if not rows:
            return None
        report, created_at, sent_to, sent_at = rows[0]
        return {"report": report, "created_at": created_at, "sent_to": sent_to, "sent_at": sent_at}

    def _write(self, statement: str, table: str, params: Sequence[Any]) -> int:
        """One statement on one of the store's tables, in its own transaction; rows changed."""
        with self._transaction() as cur:
            cur.execute(sql.SQL(statement).format(self._id(table)), params)  # type: ignore[arg-type]
            return cur.rowcount

    def store_evaluation(self, office_id: str, label: str, report_json: str) -> bool:
        added = self._write(
            "INSERT INTO {} (office_id, label, report) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            "evaluations",
            (office_id, label, report_json),
        )
        return added > 0

    def mark_sent(self, office_id: str, label: str, recipients: str) -> None:
        self._write(
            "UPDATE {} SET sent_to = %s, sent_at = now() WHERE office_id = %s AND label = %s",
            "evaluations",
            (recipients, office_id, label),
        )

    def evaluations(self, office_id: str) -> list[dict[str, Any]]:
        rows = self._fetch(
            sql.SQL(
                "SELECT label, created_at::text, sent_to, sent_at::text FROM {} "
                "WHERE office_id = %s ORDER BY label"
            ).format(self._id("evaluations")),
            (office_id,),
        )
        keys = ("label", "created_at", "sent_to", "sent_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def delivery_schedules(self) -> dict[str, dict[str, Any]]:
        rows = self._fetch(
            sql.SQL("SELECT office_id, schedule, changed_by, changed_at::text FROM {}").format(
                self._id("delivery_schedules")
            )
        )
        return {
            office: {"schedule": schedule, "changed_by": by, "changed_at": at}
            for office, schedule, by, at in rows
        }

    def set_delivery_schedule(self, office_id: str, schedule_json: str, changed_by: str) -> None:
        self._write(
            "INSERT INTO {} (office_id, schedule, changed_by) VALUES (%s, %s, %s) "
            "ON CONFLICT (office_id) DO UPDATE SET schedule = excluded.schedule, "
            "changed_by = excluded.changed_by, changed_at = now()",
            "delivery_schedules",
            (office_id, schedule_json, changed_by),
        )

    def close(self) -> None:
        self._pool.close()
