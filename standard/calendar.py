"""The service calendar: when an office is open, and how much open time lies between instants.

Rules (SERVICE-STANDARD.md, "Service calendar"): office-local time; weekly opening hours
from the office settings; closed on Indonesian national holidays and joint leave days
(`holidays.country_holidays("ID", categories=("public", "government"))`) and on the
office's extra closed dates. Business time between two instants is the part of the
span that falls inside opening hours on open days; a negative span counts as zero.

Instants are timezone-aware datetimes (any offset). One `ServiceCalendar` per office;
it caches each date's opening window, so repeated questions about a day are cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from standard.office import WEEKDAYS, OfficeSettings

ONE_DAY = timedelta(days=1)
SEARCH_LIMIT_DAYS = 3 * 366  # next_opening/add_working_days give up after this


class NoOpening(LookupError):
    """The calendar has no open day within the search limit (settings with no hours)."""


Window = tuple[float, float]  # opening and closing instant, as POSIX timestamps
QUARTER_HOUR = 900.0  # every UTC offset and DST change in tzdata falls on a quarter hour


@dataclass(frozen=True)
class OpeningStatus:
    """Whether the office is open at an instant, and what a visitor needs to know."""

    at: datetime  # the instant asked about, in office-local time
    open: bool
    closes_at: datetime | None  # today's closing while open
    next_opening: datetime | None  # `at` itself while open; None if no opening is known
    holiday: str | None  # the holiday closing an otherwise open weekday


class ServiceCalendar:
    """Opening windows, closed days and business time for one office."""

    def __init__(self, settings: OfficeSettings) -> None:
        self.settings = settings
        self.zone = ZoneInfo(settings.time_zone)
        self._hours = [settings.opening_hours.get(day) for day in WEEKDAYS]
        self._holidays = holidays.country_holidays(
            settings.holiday_country,
            categories=settings.holiday_categories,
            language=settings.holiday_language,
        )
        self._windows: dict[date, Window | None] = {}
        self._dates: dict[int, date] = {}  # quarter hour since the epoch -> local date

    # --- days -------------------------------------------------------------------------

    def local_date(self, instant: datetime) -> date:
        """The office-local calendar date of an instant."""
        return instant.astimezone(self.zone).date()

    def to_local(self, timestamp: float) -> datetime:
        """A POSIX timestamp as an office-local datetime."""
        return datetime.fromtimestamp(timestamp, self.zone)

    def date_of_timestamp(self, timestamp: float) -> date:
        """The office-local date of a POSIX timestamp (cached per quarter hour)."""
        quarter = int(timestamp // QUARTER_HOUR)
        found = self._dates.get(quarter)
        if found is None:
            found = datetime.fromtimestamp(quarter * QUARTER_HOUR, self.zone).date()
            self._dates[quarter] = found
        return found

    def midnight_timestamp(self, day: date) -> float:
        """The POSIX timestamp of the office-local start of `day`."""
        return datetime.combine(day, time(0), tzinfo=self.zone).timestamp()

    def days_timestamps(self, first: date, last: date) -> tuple[float, float]:
        """[start of `first`, start of the day after `last`) as POSIX timestamps."""
        return self.midnight_timestamp(first), self.midnight_timestamp(last + ONE_DAY)

    def closed_reason(self, day: date) -> str | None:
        """Why the office is closed on `day` (holiday name, "weekend", ...), None when open."""
        if self._hours[day.weekday()] is None:
            return "no opening hours on " + WEEKDAYS[day.weekday()]
        if day in self.settings.extra_closed_dates:
            return "closed by the office"
        return self._holidays.get(day)

    def is_open_day(self, day: date) -> bool:
        return self.window_timestamps(day) is not None

    def window_timestamps(self, day: date) -> Window | None:
        """The day's opening window as POSIX timestamps, None on a closed day (cached)."""
        try:
            return self._windows[day]
        except KeyError:
            pass
        window: Window | None = None
        hours = self._hours[day.weekday()]
        if hours is not None and self.closed_reason(day) is None:
            opens = datetime.combine(day, hours.opens, tzinfo=self.zone)
            closes = datetime.combine(day, hours.closes, tzinfo=self.zone)
            window = (opens.timestamp(), closes.timestamp())
        self._windows[day] = window
        return window

    def opening_window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening and closing instants (office-local), None on a closed day."""
        window = self.window_timestamps(day)
        if window is None:
            return None
        return (
            datetime.fromtimestamp(window[0], self.zone),
            datetime.fromtimestamp(window[1], self.zone),
        )

    def closing_time(self, day: date) -> datetime:
        """When the office closes on an open day; raises NoOpening on a closed day."""
        window = self.opening_window(day)
        if window is None:
            raise NoOpening(f"{day} is not an open day")
        return window[1]

    # --- instants ---------------------------------------------------------------------

    def is_open(self, instant: datetime) -> bool:
        """True when the instant is inside an opening window (opening inclusive)."""
        window = self.window_timestamps(self.local_date(instant))
        timestamp = instant.timestamp()
        return window is not None and window[0] <= timestamp < window[1]

    def next_opening(self, instant: datetime) -> datetime:
        """The instant itself when open, else the start of the next opening window."""
        if self.is_open(instant):
            return instant
        day = self.local_date(instant)
        timestamp = instant.timestamp()
        for _ in range(SEARCH_LIMIT_DAYS):
            window = self.window_timestamps(day)
            if window is not None and timestamp < window[0]:
                return datetime.fromtimestamp(window[0], self.zone)
            day += ONE_DAY
        raise NoOpening(f"no opening within {SEARCH_LIMIT_DAYS} days of {instant.isoformat()}")

    def status(self, instant: datetime) -> OpeningStatus:
        local = instant.astimezone(self.zone)
        is_open = self.is_open(local)
        try:
            next_opening: datetime | None = self.next_opening(local)
        except NoOpening:
            next_opening = None
        return OpeningStatus(
            at=local,
            open=is_open,
            closes_at=self.closing_time(local.date()) if is_open else None,
            next_opening=next_opening,
            holiday=self.holiday_on(local.date()),
        )

    def holiday_on(self, day: date) -> str | None:
        """The name of the holiday closing the office on `day` (not weekends, not open days)."""
        if self._hours[day.weekday()] is None or day in self.settings.extra_closed_dates:
            return None
        return self.closed_reason(day)

    def business_seconds(self, start: float, end: float) -> float:
        """Business time in seconds between two POSIX timestamps (0 when end <= start)."""
        if end <= start:
            return 0.0
        day, last = self.date_of_timestamp(start), self.date_of_timestamp(end)
        total = 0.0
        while day <= last:
            window = self.window_timestamps(day)
            if window is not None:
                overlap = min(end, window[1]) - max(start, window[0])
                if overlap > 0:
                    total += overlap
            day += ONE_DAY
        return total

    def business_time(self, start: datetime, end: datetime) -> timedelta:
        """The part of [start, end] inside opening hours on open days; never negative."""
        return timedelta(seconds=self.business_seconds(start.timestamp(), end.timestamp()))

    # --- working days (deadlines) -----------------------------------------------------

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th open day after `day` (the start day itself never counts).

        `add_working_days(filed_on, 5)` is the last day of a 5-working-day deadline.
        """
        found = 0
        for _ in range(SEARCH_LIMIT_DAYS):
            if found == count:
                return day
            day += ONE_DAY
            found += self.is_open_day(day)
        if found == count:
            return day
        raise NoOpening(f"fewer than {count} open days within {SEARCH_LIMIT_DAYS} days")

    def deadline(self, instant: datetime, working_days: int) -> datetime:
        """Closing time of the `working_days`-th open day after the instant's local date."""
        return self.closing_time(self.add_working_days(self.local_date(instant), working_days))

    def working_days_between(self, first: date, last: date) -> int:
        """How many open days lie after `first` up to and including `last` (0 if none)."""
        count, day = 0, first + ONE_DAY
        while day <= last:
            count += self.is_open_day(day)
            day += ONE_DAY
        return count
