"""Report periods (the rules live in `standard.periods`, shared with the complaints inbox)."""

from standard.periods import (
    MONTH,
    RANGE,
    YEAR,
    InvalidPeriod,
    Period,
    PeriodKind,
    month,
    parse_period,
    year,
)

__all__ = [
    "MONTH",
    "RANGE",
    "YEAR",
    "InvalidPeriod",
    "Period",
    "PeriodKind",
    "month",
    "parse_period",
    "year",
]
