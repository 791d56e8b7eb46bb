import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.reporting.ikm import category_of, ikm_of
from services.reporting.intervals import intersect, subtract, total, union
from services.reporting.statistics import krejcie_morgan, percentile, summary


def test_summary_matches_the_worked_example():
    assert summary([2, 7, 15, 6]) == {"mean": 7.5, "median": 6.5, "p90": 12.6, "max": 15.0}
    assert summary([3, 8, 4]) == {"mean": 5.0, "median": 4.0, "p90": 7.2, "max": 8.0}


def test_p90_interpolates_between_closest_ranks_like_numpy():
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile([5.0], 0.9) == 5.0


@pytest.mark.parametrize(
    ("population", "sample"), [(10, 10), (100, 80), (1000, 278), (10000, 370), (0, 0)]
)
def test_krejcie_morgan_table(population, sample):
    assert krejcie_morgan(population) == sample


@pytest.mark.parametrize(
    ("score", "category"),
    [(88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.0, "C"), (64.99, "D")],
)
def test_ikm_categories_on_the_rounded_score(score, category):
    assert category_of(score)[0] == category


def test_ikm_uses_exactly_one_ninth_not_0_111():
    rows = [(4,) * 9] * 5 + [(4,) * 8 + (3,)] + [(3,) * 9] * 5  # 11 responses, 350 points
    ikm = ikm_of(rows)
    assert (ikm["score"], ikm["category"]) == (88.38, "A")
    assert round(350 / 11 * 0.111 * 25, 2) == 88.3  # a hand sheet's 0.111 says B


INTERVALS = st.lists(
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(
        lambda p: (float(min(p)), float(max(p)))
    ),
    max_size=8,
)


@given(INTERVALS, INTERVALS)
def test_interval_algebra_adds_up(left, right):
    a, b = union(left), union(right)
    assert total(subtract(a, b)) + total(intersect(a, b)) == total(a)
    assert total(union(a + b)) == total(a) + total(b) - total(intersect(a, b))
