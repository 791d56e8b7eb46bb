"""Records set aside: a poison record never stops a stream (docs/adr/0015).

A consumer (`infra.processing.ExactlyOnce`) or a relay that cannot process one record
puts it here, in its service's own store (a `pst_dead_letters` table beside the event
tables: PostgreSQL or SQLite; a list in memory for unit tests), with its source,
position, key, reason and time, logs an ERROR naming the reason (never the payload),
records the position and carries on. Later records with the same key (the visit) are set
aside behind it, `held`, so a visit's events are never applied out of order; an operator
lists them (`hub dead-letters list`), retries a key's records in their order once the
cause is fixed, or discards one (kept, marked `discarded`: nothing is silently dropped).
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)

log = logging.getLogger(__name__)

OPEN, HELD, RETRIED, DISCARDED = "open", "held", "retried", "discarded"
PENDING = (OPEN, HELD)
CONSUME, RELAY = "consume", "relay"
TABLE = "pst_dead_letters"
REASON_LENGTH = 300
SALVAGE_PAGE = 500
HELD_KEYS_MAX_AGE = 1.0  # seconds: how soon a relay sees an operator's retry

# Failures of the store or the network, not of the record: the runner retries the batch.
TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)

SET_ASIDE_TOTAL: Counter[str] = Counter()  # per service, since the process started


@dataclass(frozen=True)
class DeadLetter:
    id: int
    stage: str  # "consume": a delivery from upstream; "relay": a record of the own log
    source: str  # the stream the record came from (tracking name: "pst.intake#1", "intake")
    position: int
    key: str  # the visit (message key) or aggregate id: later records of it are held
    event_type: str
    event_id: str
    reason: str
    record: str  # the envelope's JSON, or the stored notification (its state as stored)
    status: str
    set_aside_at: datetime
    resolved_at: datetime | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stage": self.stage,
            "source": self.source,
            "position": self.position,
            "key": self.key,
            "event_type": self.event_type,
            "event_id": self.event_id,
            "reason": self.reason,
            "status": self.status,
            "set_aside_at": self.set_aside_at.isoformat(),
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
        }


def reason_of(exc: BaseException, detail: bool = True) -> str:
    """The exception's class and (when the message carries no personal data) its message."""
    name = type(exc).__name__
    return f"{name}: {exc}"[:REASON_LENGTH] if detail and str(exc) else name


COLUMNS = (
    "id, stage, source, position, key, event_type, event_id, reason, record, status, "
    "set_aside_at, resolved_at"
)


class DeadLetters:
    """A service's set-aside records, in the service's own store."""

    def __init__(self, app: Application[Any], service: str) -> None:
        self.service = service
        recorder = app.recorder
        datastore = getattr(recorder, "datastore", None)
        self._memory: list[DeadLetter] | None = None
        self._datastore: Any = None
        self._keys: dict[str, tuple[float, set[str]]] = {}
        self._lock = threading.Lock()
        kind = type(datastore).__name__
        if kind == "PostgresDatastore":
            schema = datastore.schema  # type: ignore[union-attr]
            self._table = f'"{schema}".{TABLE}'
            self._mark = "%s"
            self._datastore = datastore
            self._create(postgres=True)
        elif kind == "SQLiteDatastore":
            self._table, self._mark, self._datastore = TABLE, "?", datastore
            self._create(postgres=False)
        else:
            self._memory = []

    # --- storage ----------------------------------------------------------------------

    def _create(self, postgres: bool) -> None:
        ident = "BIGSERIAL PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
        stamp = "TIMESTAMPTZ" if postgres else "TEXT"
        statements = [
            f"CREATE TABLE IF NOT EXISTS {self._table} (id {ident}, stage TEXT NOT NULL, "
            "source TEXT NOT NULL, position BIGINT NOT NULL, key TEXT NOT NULL, "
            "event_type TEXT NOT NULL, event_id TEXT NOT NULL, reason TEXT NOT NULL, "
            f"record TEXT NOT NULL, status TEXT NOT NULL, set_aside_at {stamp} NOT NULL, "
            f"resolved_at {stamp}, UNIQUE (stage, source, position))",
        ]
        for statement in statements:
            try:
                with self._transaction() as cursor:
                    cursor.execute(statement)
            except (IntegrityError, ProgrammingError):
                # Another process created it at the same moment (PostgreSQL's catalogue race).
                pass

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._datastore.transaction(commit=True) as cursor:
            yield cursor

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self._mark)

    def _rows(self, where: str, params: Sequence[Any]) -> list[DeadLetter]:
        if self._memory is not None:
            raise AssertionError("not for memory stores")
        query = f"SELECT {COLUMNS} FROM {self._table} WHERE {where} ORDER BY id"
        with self._transaction() as cursor:
            cursor.execute(self._sql(query), tuple(params))
            rows = cursor.fetchall()
        return [self._letter(row) for row in rows]

    @staticmethod
    def _letter(row: Any) -> DeadLetter:
        def moment(value: Any) -> datetime | None:
            if value is None or isinstance(value, datetime):
                return value
            return datetime.fromisoformat(str(value))

        set_aside_at = moment(row["set_aside_at"])
        assert set_aside_at is not None
        return DeadLetter(
            id=int(row["id"]),
            stage=row["stage"],
            source=row["source"],
            position=int(row["position"]),
            key=row["key"],
            event_type=row["event_type"],
            event_id=row["event_id"],
            reason=row["reason"],
            record=row["record"],
            status=row["status"],
            set_aside_at=set_aside_at,
            resolved_at=moment(row["resolved_at"]),
        )

    # --- use --------------------------------------------------------------------------

    def set_aside(
        self,
        *,
        stage: str,
        source: str,
        position: int,
        key: str,
        event_type: str,
        event_id: str,
        record: str,
        reason: str,
        held: bool = False,
    ) -> None:
        """Keep the record (once per stage, source and position), log and count it."""
        status = HELD if held else OPEN
        now = datetime.now(UTC)
        if self._memory is not None:
            with self._lock:
                if any(
                    (d.stage, d.source, d.position) == (stage, source, position)
                    for d in self._memory
                ):
                    return
                letter = DeadLetter(
                    len(self._memory) + 1, stage, source, position, key, event_type,
                    event_id, reason, record, status, now,
                )  # fmt: skip
                self._memory.append(letter)
        else:
            stamp: Any = now if self._mark == "%s" else now.isoformat()
            insert = (
                f"INSERT INTO {self._table} (stage, source, position, key, event_type, "
                "event_id, reason, record, status, set_aside_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (stage, source, position) DO NOTHING"
            )
            with self._transaction() as cursor:
                cursor.execute(
                    self._sql(insert),
                    (stage, source, position, key, event_type, event_id, reason, record,
                     status, stamp),
                )  # fmt: skip
        if stage in self._keys:
            self._keys[stage][1].add(key)
        SET_ASIDE_TOTAL[self.service] += 1
        log.error(
            "%s: %s %s at %s position %s set aside (%s): %s",
            self.service,
            stage,
            event_type,
            source,
            position,
            status,
            reason,
        )

    def pending(self, ids: Iterable[int] = ()) -> list[DeadLetter]:
        """Open and held records, oldest first (only `ids` when given)."""
        wanted = set(ids)
        if self._memory is not None:
            found = [d for d in self._memory if d.status in PENDING]
        else:
            found = self._rows("status IN (?, ?)", PENDING)
        return [d for d in found if not wanted or d.id in wanted]

    def all(self) -> list[DeadLetter]:
        if self._memory is not None:
            return list(self._memory)
        return self._rows("1 = 1", ())

    def pending_keys(self, stage: str, max_age: float = 0.0) -> set[str]:
        """Keys with records set aside at `stage`: their later records are held behind.

        With `max_age`, an answer up to that many seconds old may be reused (a relay asks
        every page); a record set aside by this object is always known at once."""
        now = time.monotonic()
        cached = self._keys.get(stage)
        if cached is not None and now - cached[0] < max_age:
            return cached[1]
        keys = {d.key for d in self.pending() if d.stage == stage}
        self._keys[stage] = (now, keys)
        return keys

    def count(self) -> int:
        return len(self.pending())

    def resolve(self, letter: DeadLetter, status: str, reason: str | None = None) -> None:
        """Mark a record retried or discarded (kept for the audit), or open with a new reason."""
        resolved = None if status in PENDING else datetime.now(UTC)
        self._keys.clear()
        if self._memory is not None:
            with self._lock:
                for index, found in enumerate(self._memory):
                    if found.id == letter.id:
                        self._memory[index] = DeadLetter(
                            **{**found.__dict__, "status": status,
                               "reason": reason or found.reason, "resolved_at": resolved}
                        )  # fmt: skip
            return
        stamp: Any = resolved if self._mark == "%s" or resolved is None else resolved.isoformat()
        update = f"UPDATE {self._table} SET status = ?, reason = ?, resolved_at = ? WHERE id = ?"
        with self._transaction() as cursor:
            cursor.execute(self._sql(update), (status, reason or letter.reason, stamp, letter.id))


def by_key(letters: Sequence[DeadLetter]) -> dict[tuple[str, str], list[DeadLetter]]:
    """Pending records grouped by (stage, key), each group in the order it was set aside."""
    groups: dict[tuple[str, str], list[DeadLetter]] = {}
    for letter in sorted(letters, key=lambda d: d.id):
        groups.setdefault((letter.stage, letter.key), []).append(letter)
    return groups


def retry_in_order(
    letters: DeadLetters,
    chosen: Sequence[DeadLetter],
    attempt: Callable[[DeadLetter], None],
) -> tuple[int, int]:
    """Retry the chosen records' keys, each key's records in order; a key stops at its
    first failure (that record open with the new reason, the rest still held).
    Returns (retried, still pending)."""
    keys = {(d.stage, d.key) for d in chosen}
    retried = failed = 0
    for group_key, group in by_key(letters.pending()).items():
        if group_key not in keys:
            continue
        for position, letter in enumerate(group):
            try:
                attempt(letter)
            except TRANSIENT:
                raise
            except Exception as exc:
                letters.resolve(letter, OPEN, reason_of(exc, letter.stage == CONSUME))
                log.error("%s: retry of dead letter %s failed", letters.service, letter.id)
                failed += len(group) - position
                break
            letters.resolve(letter, RETRIED)
            retried += 1
    return retried, failed


# --- the relay's part: records of its own log it cannot read or map -----------------------


def notification_record(notification: Any) -> str:
    """A stored notification as JSON: its state exactly as stored (encrypted where the
    service encrypts), so no personal data appears in clear."""
    return json.dumps(
        {
            "id": notification.id,
            "originator_id": str(notification.originator_id),
            "originator_version": notification.originator_version,
            "topic": notification.topic,
            "state": base64.b64encode(notification.state).decode(),
        }
    )


def stored_notification(fields: dict[str, Any]) -> Any:
    from uuid import UUID

    from eventsourcing.persistence import Notification

    return Notification(
        id=fields["id"],
        originator_id=UUID(fields["originator_id"]),
        originator_version=fields["originator_version"],
        topic=fields["topic"],
        state=base64.b64decode(fields["state"]),
    )


def dead_letter_counts(services: Iterable[Any]) -> dict[str, int]:
    """Records set aside and not yet retried or discarded, per service (for metrics)."""
    return {
        service.name: service.dead_letters.count()
        for service in services
        if getattr(service, "dead_letters", None) is not None
    }


# --- the relay: a record of its own log that cannot be read (decrypted) or mapped ----------


def letters_of(service: Any) -> DeadLetters:
    """The service's dead letters (made once, in its own store)."""
    if service.dead_letters is None:
        assert service.application is not None
        service.dead_letters = DeadLetters(service.application, service.name)
    letters: DeadLetters = service.dead_letters
    return letters


def relay_page(service: Any, log: Any, after: int, size: int | None = None) -> Any:
    """The relay's next page of its service's log (`infra.follower.Page`), with every
    record it cannot decrypt or map set aside, and later records of a set-aside aggregate
    held behind it. What the relay calls instead of `log.page(after)`."""
    from infra.follower import Page

    letters = letters_of(service)
    try:
        page = log.page(after, size)
    except TRANSIENT:
        raise
    except Exception:
        page = _salvage(service, letters, after, size or SALVAGE_PAGE)
    if not page.notifications:
        return page  # caught up: no query while idle
    held = letters.pending_keys(RELAY, max_age=HELD_KEYS_MAX_AGE)
    if not held:
        return page
    kept = []
    for envelope, tracking in page.deliveries:
        if envelope.stream_id not in held:
            kept.append((envelope, tracking))
            continue
        letters.set_aside(
            stage=RELAY,
            source=service.name,
            position=tracking.notification_id,
            key=envelope.stream_id,
            event_type=envelope.event_type,
            event_id=str(envelope.event_id),
            record=json.dumps({"envelope": envelope.to_json_dict()}),
            reason="held behind an earlier record",
            held=True,
        )
    return Page(kept, page.last, page.notifications)


def _salvage(service: Any, letters: DeadLetters, after: int, size: int) -> Any:
    """The page read one notification at a time: what fails is set aside."""
    from eventsourcing.persistence import Tracking

    from infra.follower import Page

    app = service.application
    notifications = app.recorder.select_notifications(
        start=after, limit=size, inclusive_of_start=False
    )
    deliveries = []
    for notification in notifications:
        try:
            envelope = service.to_envelope(app.mapper.to_domain_event(notification))
        except TRANSIENT:
            raise
        except Exception as exc:
            letters.set_aside(
                stage=RELAY,
                source=service.name,
                position=notification.id,
                key=str(notification.originator_id),
                event_type=notification.topic.rsplit(".", 1)[-1][:80],
                event_id="",
                record=json.dumps({"notification": json.loads(notification_record(notification))}),
                # Only the class: a mapper's message may quote the event's personal data.
                reason=f"{reason_of(exc, detail=False)}: cannot decrypt or map this record",
            )
            continue
        if envelope is not None:
            deliveries.append((envelope, Tracking(service.name, notification.id)))
    last = notifications[-1].id if notifications else after
    return Page(deliveries, last, len(notifications))


def relay_retry(service: Any, publish: Callable[[list[Any]], None]) -> Callable[[DeadLetter], None]:
    """How `hub dead-letters retry` re-sends a relay's set-aside record."""
    from events import envelope_from_dict

    def attempt(letter: DeadLetter) -> None:
        fields = json.loads(letter.record)
        if "envelope" in fields:
            envelope = envelope_from_dict(fields["envelope"])
        else:
            app = service.application
            notification = stored_notification(fields["notification"])
            envelope = service.to_envelope(app.mapper.to_domain_event(notification))
        if envelope is not None:
            publish([envelope])

    return attempt
