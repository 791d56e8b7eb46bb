from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standard.calendar import ServiceCalendar
from standard.office import BLITAR, OfficeSettings

WIB = timezone(timedelta(hours=7))
CALENDAR = ServiceCalendar(BLITAR)


def wib(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


@pytest.mark.parametrize("day", [18, 19, 20, 23, 24])
def test_nyepi_and_the_joint_leave_days_of_march_2026_are_closed(day):
    assert not CALENDAR.is_open_day(date(2026, 3, day))
    assert CALENDAR.closed_reason(date(2026, 3, day))


def test_nyepi_is_named_and_joint_leave_is_cuti_bersama():
    assert CALENDAR.closed_reason(date(2026, 3, 19)) == "Hari Suci Nyepi"
    assert "Cuti Bersama" in (CALENDAR.closed_reason(date(2026, 3, 18)) or "")


@pytest.mark.parametrize("day", [16, 17, 25, 26, 27])
def test_ordinary_weekdays_around_lebaran_are_open(day):
    assert CALENDAR.is_open_day(date(2026, 3, day))


def test_weekends_are_closed():
    assert not CALENDAR.is_open_day(date(2026, 3, 14))
    assert not CALENDAR.is_open_day(date(2026, 3, 15))


def test_opening_windows_follow_the_weekday():
    assert CALENDAR.opening_window(date(2026, 3, 17)) == (wib(17, 8), wib(17, 15, 30))
    assert CALENDAR.opening_window(date(2026, 3, 27)) == (wib(27, 8), wib(27, 16))
    assert CALENDAR.opening_window(date(2026, 3, 18)) is None


def test_business_time_of_the_worked_example_skips_the_lebaran_closures():
    arrived = datetime(2026, 3, 17, 8, 25, tzinfo=UTC)  # 15:25 WIB
    assert CALENDAR.business_time(arrived, wib(25, 8, 3)) == timedelta(minutes=8)


def test_business_time_accepts_any_offset():
    assert CALENDAR.business_time(wib(17, 9), datetime(2026, 3, 17, 3, 0, tzinfo=UTC)) == (
        timedelta(hours=1)
    )


def test_business_time_of_a_night_and_a_weekend_is_zero():
    assert CALENDAR.business_time(wib(13, 16, 30), wib(16, 8)) == timedelta(0)


def test_negative_spans_count_as_zero():
    assert CALENDAR.business_time(wib(17, 10), wib(17, 9)) == timedelta(0)


def test_friday_counts_until_sixteen():
    assert CALENDAR.business_time(wib(27, 15), wib(27, 17)) == timedelta(hours=1)


def test_is_open_includes_opening_and_excludes_closing():
    assert CALENDAR.is_open(wib(17, 8))
    assert not CALENDAR.is_open(wib(17, 15, 30))
    assert not CALENDAR.is_open(wib(18, 10))


def test_next_opening_is_now_when_open_else_the_next_window():
    assert CALENDAR.next_opening(wib(17, 10)) == wib(17, 10)
    assert CALENDAR.next_opening(wib(17, 16)) == wib(25, 8)
    assert CALENDAR.next_opening(wib(17, 7)) == wib(17, 8)


def test_add_working_days_skips_closed_days():
    assert CALENDAR.add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    assert CALENDAR.add_working_days(date(2026, 3, 17), 5) == date(2026, 3, 31)
    assert CALENDAR.add_working_days(date(2026, 3, 17), 0) == date(2026, 3, 17)


def test_a_deadline_ends_at_closing_time_of_its_last_working_day():
    assert CALENDAR.deadline(wib(17, 12), 3) == wib(27, 16)


def test_working_days_between_counts_open_days_after_the_first():
    assert CALENDAR.working_days_between(date(2026, 3, 17), date(2026, 3, 25)) == 1
    assert CALENDAR.working_days_between(date(2026, 3, 25), date(2026, 3, 25)) == 0


def test_extra_closed_dates_close_the_office():
    closed = OfficeSettings(extra_closed_dates=frozenset({date(2026, 3, 17)}))
    calendar = ServiceCalendar(closed)
    assert calendar.closed_reason(date(2026, 3, 17)) == "closed by the office"
    assert calendar.business_time(wib(17, 8), wib(17, 12)) == timedelta(0)


def test_local_date_uses_the_office_time_zone():
    assert CALENDAR.local_date(datetime(2026, 3, 16, 18, 0, tzinfo=UTC)) == date(2026, 3, 17)
    assert CALENDAR.date_of_timestamp(datetime(2026, 3, 16, 17, 0, tzinfo=UTC).timestamp()) == (
        date(2026, 3, 17)
    )


# --- properties ---------------------------------------------------------------------

INSTANTS = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2026, 5, 31), timezones=st.just(WIB)
)


@given(INSTANTS, INSTANTS, INSTANTS)
def test_business_time_is_additive_over_splits(a, b, c):
    first, middle, last = sorted((a, b, c))
    whole = CALENDAR.business_time(first, last)
    parts = CALENDAR.business_time(first, middle) + CALENDAR.business_time(middle, last)
    assert abs((whole - parts).total_seconds()) < 1e-3


@given(INSTANTS, INSTANTS)
def test_business_time_is_never_negative_nor_longer_than_the_span(a, b):
    spent = CALENDAR.business_time(a, b)
    assert timedelta(0) <= spent <= max(b - a, timedelta(0)) + timedelta(milliseconds=1)


CLOSED_DAYS = [
    day
    for day in (date(2025, 12, 1) + timedelta(days=n) for n in range(182))
    if not CALENDAR.is_open_day(day)
]


@given(st.sampled_from(CLOSED_DAYS), st.data())
def test_business_time_is_zero_within_a_closed_day(day, data):
    start = datetime.combine(day, datetime.min.time(), tzinfo=WIB)
    first = start + timedelta(seconds=data.draw(st.integers(0, 86399)))
    last = first + timedelta(seconds=data.draw(st.integers(0, 86399 - (first - start).seconds)))
    assert CALENDAR.business_time(first, last) == timedelta(0)


@given(INSTANTS)
def test_next_opening_is_open_and_not_earlier(instant):
    opening = CALENDAR.next_opening(instant)
    assert opening >= instant and CALENDAR.is_open(opening)
    assert CALENDAR.business_time(instant, opening) == timedelta(0)
