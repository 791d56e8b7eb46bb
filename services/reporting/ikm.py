"""The satisfaction index (IKM, Permenpan RB 14/2017) over a set of surveys.

NRR(u) = mean score of element u; IKM = (sum of the nine NRR x 1/9) x 25 with exactly
1/9, rounded to 2 decimals only at the end; the category is read off the rounded IKM.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from events import IKM_ELEMENTS
from services.reporting.statistics import krejcie_morgan

# (lowest rounded IKM, category, meaning), best first
CATEGORIES: tuple[tuple[float, str, str], ...] = (
    (88.31, "A", "sangat baik"),
    (76.61, "B", "baik"),
    (65.00, "C", "kurang baik"),
    (float("-inf"), "D", "tidak baik"),
)


def element_means(score_rows: Sequence[Sequence[int]]) -> list[float]:
    """NRR of each element U1..U9, unrounded (integer sums are exact)."""
    count = len(score_rows)
    return [sum(column) / count for column in zip(*score_rows, strict=True)]


def category_of(score: float) -> tuple[str, str]:
    """Letter and meaning of a rounded IKM."""
    for floor, letter, meaning in CATEGORIES:
        if score >= floor:
            return letter, meaning
    raise AssertionError("unreachable: the last floor is -inf")


def ikm_of(score_rows: Sequence[Sequence[int]]) -> dict[str, Any]:
    """{responses, elements, score, category, category_label, weakest_element}."""
    if not score_rows:
        return {"responses": 0} | dict.fromkeys(
            ("elements", "score", "category", "category_label", "weakest_element")
        )
    means = element_means(score_rows)
    score = round(math.fsum(means) * (1 / 9) * 25, 2)
    letter, meaning = category_of(score)
    weakest = min(range(9), key=lambda index: (means[index], index))
    return {
        "responses": len(score_rows),
        "elements": {name: round(nrr, 2) for name, nrr in zip(IKM_ELEMENTS, means, strict=True)},
        "score": score,
        "category": letter,
        "category_label": meaning,
        "weakest_element": {"element": IKM_ELEMENTS[weakest], "nrr": round(means[weakest], 2)},
    }


def grouped_ikm(pairs: Iterable[tuple[str, Sequence[int]]]) -> dict[str, dict[str, Any]]:
    """IKM per group key (channel, officer), keys sorted; only responses, score, category."""
    groups: dict[str, list[Sequence[int]]] = {}
    for key, scores in pairs:
        groups.setdefault(key, []).append(scores)
    return {key: compact(ikm_of(rows)) for key, rows in sorted(groups.items())}


def compact(ikm: dict[str, Any]) -> dict[str, Any]:
    return {key: ikm[key] for key in ("responses", "score", "category")}


def sample_adequacy(
    responses: int, population: int, population_period: dict[str, str]
) -> dict[str, Any]:
    """Krejcie-Morgan minimum sample for the previous period's visits, and whether it was met."""
    minimum = krejcie_morgan(population)
    return {
        "population": population,
        "population_period": population_period,
        "minimum_sample": minimum,
        "responses": responses,
        "adequate": responses >= minimum,
    }
