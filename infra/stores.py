"""Event-store environments for the eventsourcing library: SQLite (embedded) or PostgreSQL.

Each service gets its own store: a SQLite file under var/ or a PostgreSQL schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg

from infra.settings import DatabaseSettings


def postgres_env(database: DatabaseSettings, schema: str) -> dict[str, str]:
    database_url = database.required_url()
    url = urlparse(database_url)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(database.pool_size),
        "POSTGRES_MAX_OVERFLOW": str(database.max_overflow),
        "POSTGRES_LOCK_TIMEOUT": str(database.lock_timeout_seconds),
        # Waiting for a pooled connection gives up (then 503) instead of hanging a client;
        # a pooled connection is checked before use, so one left by a restart is replaced.
        "POSTGRES_CONNECT_TIMEOUT": str(database.connect_timeout_seconds),
        "POSTGRES_PRE_PING": "y",
        "CREATE_TABLE": "true" if database.create_tables else "false",
    }
    ensure_schema(database_url, schema)
    return env


def sqlite_env(var_dir: Path, name: str) -> dict[str, str]:
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(var_dir / f"{name}.sqlite3"),
        "SQLITE_LOCK_TIMEOUT": "10",
        "CREATE_TABLE": "true",
    }


def memory_env() -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def ensure_schema(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')


# One key for every process of one database: "pst-hub schema" as a 63-bit number.
SCHEMA_LOCK_KEY = 0x7073_742D_6875_6221


@contextmanager
def schema_lock(database_url: str, key: int = SCHEMA_LOCK_KEY) -> Iterator[None]:
    """Hold PostgreSQL's session advisory lock while creating schemas, tables and topics.

    PostgreSQL refuses concurrent `CREATE TABLE IF NOT EXISTS` of one table ("tuple
    concurrently updated"), so processes started at the same moment take turns: the first
    creates everything, the others wait, then find it all there. The lock lives on its own
    connection and dies with it, so a process killed while holding it never blocks the rest.
    """
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
