"""Statistics over minutes and percentages, exactly as SERVICE-STANDARD.md defines them.

Mean; median; p90 by linear interpolation between closest ranks (numpy's default);
max. Rounding to 2 decimals happens once, at the end, in `summary`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks over already sorted values."""
    rank = (len(sorted_values) - 1) * fraction
    lower = math.floor(rank)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = rank - lower
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * weight


def summary(values: Sequence[float]) -> dict[str, float | None]:
    """{mean, median, p90, max} rounded to 2 decimals; all null for no values."""
    if not values:
        return {"mean": None, "median": None, "p90": None, "max": None}
    ordered = sorted(values)
    return {
        "mean": round(math.fsum(ordered) / len(ordered), 2),
        "median": round(statistics.median(ordered), 2),
        "p90": round(percentile(ordered, 0.9), 2),
        "max": round(ordered[-1], 2),
    }


def summary_with_count(values: Sequence[float]) -> dict[str, float | int | None]:
    return {"count": len(values), **summary(values)}


def percentage(part: int, whole: int) -> float | None:
    """100 x part / whole to 2 decimals; null when the whole is zero."""
    return round(100 * part / whole, 2) if whole else None


def mean_or_none(values: Sequence[float]) -> float | None:
    return round(math.fsum(values) / len(values), 2) if values else None


def median_or_none(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def krejcie_morgan(
    population: int, chi_square: float = 3.841, proportion: float = 0.5, margin: float = 0.05
) -> int:
    """Minimum sample for a population (Krejcie & Morgan 1970), rounded up.

    s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)); e.g. 100 -> 80, 1000 -> 278.
    """
    if population <= 0:
        return 0
    spread = chi_square * proportion * (1 - proportion)
    size = spread * population / (margin**2 * (population - 1) + spread)
    return math.ceil(round(size, 9))
