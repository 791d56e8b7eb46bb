"""Dates in Bahasa Indonesia, as every page, message and report writes them."""

from __future__ import annotations

from datetime import date, datetime

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def long_date(day: date) -> str:
    """`25 Maret 2026`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_datetime(moment: datetime) -> str:
    """`Rabu, 25 Maret 2026 pukul 08.00 WIB`, in the time zone `moment` carries."""
    return f"{DAYS[moment.weekday()]}, {long_date(moment)} pukul {moment:%H.%M} {moment.tzname()}"
