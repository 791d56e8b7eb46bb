"""The key check at start: a process's keys must be the keys its stores were written with.

Each service's store keeps a keyed fingerprint of the cipher key and of the visitor-ref
key (HMAC-SHA256 of a constant under the key: it proves the key without revealing it) in
a small `pst_key_fingerprints` table. The first process on a store records them; every
later process compares and refuses to start when one differs, so a second host with its
own `var/secrets.json` cannot write records nobody else can decrypt (issue 15, failure 10).
Rotation: README, "Key rotation".
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, ProgrammingError

TABLE = "pst_key_fingerprints"
CONSTANT = b"pst-hub key fingerprint v1"
KEY_SETTINGS = {"cipher_key": "PST_CIPHER_KEY", "visitor_ref_key": "PST_VISITOR_REF_KEY"}


class KeyMismatch(RuntimeError):
    """This process's keys are not those the store was written with."""


def fingerprint(key: bytes) -> str:
    return hmac.new(key, CONSTANT, hashlib.sha256).hexdigest()


def fingerprints(cipher_key: str, visitor_ref_key: bytes) -> dict[str, str]:
    return {
        "cipher_key": fingerprint(cipher_key.encode()),
        "visitor_ref_key": fingerprint(visitor_ref_key),
    }


def verify_keys(service: str, app: Application[Any], expected: dict[str, str]) -> None:
    """Record the fingerprints on a fresh store; refuse when a recorded one differs."""
    datastore = getattr(app.recorder, "datastore", None)
    kind = type(datastore).__name__
    if kind == "PostgresDatastore":
        table, mark, stamp = f'"{datastore.schema}".{TABLE}', "%s", "TIMESTAMPTZ"  # type: ignore[union-attr]
    elif kind == "SQLiteDatastore":
        table, mark, stamp = TABLE, "?", "TEXT"
    else:
        return  # in memory: nothing was written with another key
    assert datastore is not None
    try:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (name TEXT PRIMARY KEY, "
                f"fingerprint TEXT NOT NULL, recorded_at {stamp} NOT NULL DEFAULT "
                "CURRENT_TIMESTAMP)"
            )
    except (IntegrityError, ProgrammingError):
        pass  # created by another process at the same moment
    with datastore.transaction(commit=True) as cursor:
        for name, value in expected.items():
            cursor.execute(
                f"INSERT INTO {table} (name, fingerprint) VALUES ({mark}, {mark}) "
                "ON CONFLICT (name) DO NOTHING",
                (name, value),
            )
        cursor.execute(f"SELECT name, fingerprint FROM {table}")
        recorded = {row["name"]: row["fingerprint"] for row in cursor.fetchall()}
    wrong = [name for name, value in expected.items() if recorded.get(name) != value]
    if wrong:
        names = ", ".join(f"{name} ({KEY_SETTINGS[name]})" for name in wrong)
        raise KeyMismatch(
            f"{service}: {names} differ from the key the {service} store was written with; "
            "refusing to start, as records written now could not be read by the other "
            "processes. Start with the store's keys (the same PST_CIPHER_KEY and "
            "PST_VISITOR_REF_KEY, or var/secrets.json, as the processes that wrote it); "
            "to change keys, see README 'Key rotation'."
        )


def verify_service_keys(cipher_key: str, visitor_ref_key: bytes, services: Any) -> None:
    """The check at start of every process: each service's store against this process's keys."""
    expected = fingerprints(cipher_key, visitor_ref_key)
    for service in services:
        if service.application is not None:
            verify_keys(service.name, service.application, expected)
