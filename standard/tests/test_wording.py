from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from standard.wording import long_date, long_datetime


def test_dates_are_written_in_bahasa_indonesia() -> None:
    assert long_date(date(2026, 3, 25)) == "25 Maret 2026"
    moment = datetime(2026, 3, 27, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert long_datetime(moment) == "Jumat, 27 Maret 2026 pukul 16.00 WIB"
