"""Nested report sections as (dotted key, value) rows, for CSV and spreadsheet cells."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Scalar = str | int | float | bool | None


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Scalar]]:
    """Leaves of nested dicts and lists; list items are keyed by their id or index."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from flatten(item, f"{prefix}[{item_key(item, index)}]")
    else:
        yield prefix, value


def item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in ("officer_id", "visit_id", "complaint_id", "date"):
            if name in item:
                return str(item[name])
    return str(index)


def flat_record(record: dict[str, Any]) -> dict[str, Scalar]:
    """One table row: nested keys joined with '_' (ikm.score -> ikm_score)."""
    return {key.replace(".", "_"): value for key, value in flatten(record)}
