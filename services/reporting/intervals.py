"""Sets of time as sorted, disjoint [start, end) intervals of POSIX timestamps."""

from __future__ import annotations

from collections.abc import Iterable

Interval = tuple[float, float]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, merged, non-empty intervals covering the same time."""
    merged: list[Interval] = []
    for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(left: list[Interval], right: list[Interval]) -> list[Interval]:
    """Time in both; inputs as `union` returns them."""
    found: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            found.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return found


def subtract(base: list[Interval], removed: list[Interval]) -> list[Interval]:
    """Time in `base` but not in `removed`; inputs as `union` returns them."""
    found: list[Interval] = []
    j = 0
    for start, end in base:
        while j < len(removed) and removed[j][1] <= start:
            j += 1
        k, cursor = j, start
        while k < len(removed) and removed[k][0] < end:
            if removed[k][0] > cursor:
                found.append((cursor, removed[k][0]))
            cursor = max(cursor, removed[k][1])
            k += 1
        if cursor < end:
            found.append((cursor, end))
    return found


def total(intervals: Iterable[Interval]) -> float:
    return sum(end - start for start, end in intervals)
