from datetime import date

import pytest

from services.reporting.periods import InvalidPeriod, Period, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026-12"),
        ("2026-03-01..2026-03-15", date(2026, 3, 1), date(2026, 3, 15), "2026-03-01..2026-03-15"),
    ],
)
def test_the_three_forms_of_a_period(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026", ("2025-01-01", "2025-12-31")),
        ("2026-03", ("2026-02-01", "2026-02-28")),
        ("2026-01", ("2025-12-01", "2025-12-31")),
        ("2026-03-11..2026-03-20", ("2026-03-01", "2026-03-10")),
    ],
)
def test_the_previous_period_is_of_the_same_kind(text, previous):
    found = parse_period(text).previous().to_json()
    assert (found["start"], found["end"]) == previous


@pytest.mark.parametrize("text", ["26", "2026-13", "2026-3", "2026-03-15..2026-03-01", "march", ""])
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(InvalidPeriod):
        parse_period(text)


def test_membership_and_dates():
    period = Period(date(2026, 3, 30), date(2026, 4, 1))
    assert date(2026, 3, 31) in period and date(2026, 4, 2) not in period
    assert list(period.dates()) == [date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1)]
