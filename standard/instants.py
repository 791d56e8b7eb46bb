"""One rule for time from outside: instants and dates a client sends lie in a sane window.

Events happen between 2000-01-01 and a day from now (a clock a little ahead is tolerated, a
year-9999 typo is not); report periods lie in calendar years the holiday calendars cover.
Checked while a request is parsed, so nothing is saved and the answer is a 422 naming the field.
Channel messages are the exception: their own timestamps are recorded at receipt and flagged.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
FIRST_YEAR, LAST_YEAR = 2000, 2099  # periods: years the `holidays` package computes


class OutOfWindow(ValueError):
    pass


def check_instant(value: datetime, now: datetime | None = None) -> datetime:
    latest = (now or datetime.now(UTC)) + AHEAD
    if not EARLIEST <= value <= latest:
        raise OutOfWindow(
            f"harus antara {EARLIEST.date().isoformat()} dan besok / "
            f"must lie between {EARLIEST.date().isoformat()} and a day from now"
        )
    return value


def check_date(value: date, now: datetime | None = None) -> date:
    latest = ((now or datetime.now(UTC)) + AHEAD).date()
    if not EARLIEST.date() <= value <= latest:
        raise OutOfWindow(
            f"harus antara {EARLIEST.date().isoformat()} dan besok / "
            f"must lie between {EARLIEST.date().isoformat()} and tomorrow"
        )
    return value


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfWindow(
            f"tahun harus {FIRST_YEAR}-{LAST_YEAR} / the year must lie in {FIRST_YEAR}-{LAST_YEAR}"
        )
    return year


def _text_only(value: object) -> object:
    """Instants come as ISO 8601 text; a bare number would be read as seconds since 1970."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            "harus teks ISO 8601 / must be ISO 8601 text, e.g. 2026-03-17T08:10:00+07:00"
        )
    return value


ClientInstant = Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(check_instant)]
ClientDate = Annotated[date, BeforeValidator(_text_only), AfterValidator(check_date)]
