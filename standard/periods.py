"""Report periods: a year `2026`, a month `2026-03`, or a range `2026-03-01..2026-03-15`.

A period is a closed range of office-local dates. Each has a `previous` period of the
same kind (last year, last month, or the same number of days just before), which the
satisfaction survey's sample-adequacy check uses as its population.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from standard.instants import OutOfWindow, check_year

PeriodKind = Literal["year", "month", "range"]
YEAR = re.compile(r"^(\d{4})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class InvalidPeriod(ValueError):
    """A period text that is none of the three accepted forms."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind = "range"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(f"period ends ({self.end}) before it starts ({self.start})")

    def checked(self) -> Period:
        """The period, if it lies in the years a client may ask for (standard.instants)."""
        for day in (self.start, self.end):
            try:
                check_year(day.year)
            except OutOfWindow as exc:
                raise InvalidPeriod(f"{day}: {exc}") from None
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> Iterator[date]:
        """Every date of the period, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "month":
            before = self.start - timedelta(days=1)
            return month(before.year, before.month)
        length = timedelta(days=self.days)
        return Period(self.start - length, self.end - length, "range")

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number, 12, 31), "year")


def month(year_number: int, month_number: int) -> Period:
    start = date(year_number, month_number, 1)
    following = date(year_number + month_number // 12, month_number % 12 + 1, 1)
    return Period(start, following - timedelta(days=1), "month")


def parse_period(text: str) -> Period:
    """Parse `2026`, `2026-03` or `2026-03-01..2026-03-15` (both ends included)."""
    text = text.strip()
    try:
        if found := YEAR.match(text):
            return year(int(found[1])).checked()
        if found := MONTH.match(text):
            return month(int(found[1]), int(found[2])).checked()
        if found := RANGE.match(text):
            start, end = date.fromisoformat(found[1]), date.fromisoformat(found[2])
            return Period(start, end, "range").checked()
    except ValueError as exc:
        raise InvalidPeriod(f"period {text!r}: {exc}") from None
    raise InvalidPeriod(
        f"period {text!r} is not a year (2026), a month (2026-03) "
        "or a range of dates (2026-03-01..2026-03-15)"
    )
