"""The live projection's storage: deduplicated events, consumed positions, generations.

The projection keeps, per generation, two tables: `events_g<N>` (one row per applied
event of a type the report folds: its id, office, type, instant and data; the event id
is unique, so an event applied twice is skipped) and `positions_g<N>` (source or
topic#partition -> position, always moving forward). A batch of events and its
positions commit in one transaction. Facts are folded from these rows by
`projection.LiveFacts`, with the report engine's own `fold_event`.

A rebuild fills a fresh generation while the current one serves, then swaps the
`current` pointer in one transaction, and only when the fresh one has reached, for every
source, at least the position of the current one: whatever the live consumer then
re-delivers from its older positions is a duplicate, so nothing is skipped.

Two engines: SQLite (embedded, and `:memory:` for unit tests) in `store_sqlite.py`,
PostgreSQL in `store_postgres.py`. Writers are serialized (SQLite's write lock, a
PostgreSQL advisory lock), so the `seq` of committed rows only grows: readers tail rows
by `seq`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, NamedTuple


class EventRow(NamedTuple):
    """One applied event: what `fold_event` needs, nothing more (no personal data)."""

    event_id: str
    office_id: str
    event_type: str
    occurred_at: float  # POSIX seconds
    data: str  # the envelope's `data`, as JSON text


StoredRow = tuple[int, str, str, float, str]  # seq, event_id, event_type, occurred_at, data


class ProjectionStore(ABC):
    """The projection's tables on one database engine."""

    @abstractmethod
    def current_generation(self) -> int: ...

    @abstractmethod
    def apply(
        self, rows: Sequence[EventRow], positions: dict[str, int], generation: int | None = None
    ) -> int:
        """Insert new rows and advance positions in ONE transaction; returns rows inserted.

        `generation=None` writes to the current generation (read inside the transaction,
        so a swap never splits a batch); a rebuild names the generation it fills.
        """

    def before_commit(self) -> None:  # noqa: B027 - a hook, empty unless a test needs it
        """Runs inside `apply`'s transaction after every write (tests simulate a crash here)."""

    @abstractmethod
    def positions(self, generation: int | None = None) -> dict[str, int]: ...

    @abstractmethod
    def rows_since(self, generation: int, office_id: str, after: int) -> list[StoredRow]:
        """The office's rows with seq > `after`, in seq order."""

    @abstractmethod
    def head(self, generation: int | None = None) -> int:
        """The highest seq of a generation (0 when empty)."""

    @abstractmethod
    def counts(self, generation: int | None = None) -> dict[str, int]:
        """Events per office."""

    @abstractmethod
    def new_generation(self) -> int:
        """Create empty tables of a fresh, not yet current, generation."""

    @abstractmethod
    def swap(self, generation: int) -> bool:
        """Make `generation` current if it is at least as far as the current one everywhere."""

    @abstractmethod
    def drop_generation(self, generation: int) -> None: ...

    @abstractmethod
    def generations(self) -> list[int]: ...

    # -- stored evaluations (scheduled delivery) ------------------------------------------

    @abstractmethod
    def stored_evaluation(self, office_id: str, label: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def store_evaluation(self, office_id: str, label: str, report_json: str) -> bool:
        """Store once per (office, period); False when it was there already."""

    @abstractmethod
    def mark_sent(self, office_id: str, label: str, recipients: str) -> None: ...

    @abstractmethod
    def evaluations(self, office_id: str) -> list[dict[str, Any]]: ...

    # -- delivery schedules (edited by a supervisor; settings are the default) ------------

    @abstractmethod
    def delivery_schedules(self) -> dict[str, dict[str, Any]]:
        """Every stored schedule by office: {"schedule": JSON text, "changed_by", "changed_at"}."""

    @abstractmethod
    def set_delivery_schedule(self, office_id: str, schedule_json: str, changed_by: str) -> None:
        """Store (or replace) an office's schedule."""

    def close(self) -> None:  # noqa: B027 - engines without resources need nothing
        pass


def far_enough(fresh: dict[str, int], current: dict[str, int]) -> bool:
    """A fresh generation may replace the current one only when no source is behind."""
    return all(fresh.get(name, 0) >= position for name, position in current.items())
