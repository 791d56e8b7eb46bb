"""Service hours at intake: is the office open at an arrival, and when does it next open.

Built on the service calendar of `standard/` (opening hours, national holidays and
joint leave days, the office's own closed dates). Online arrivals outside the hours
are accepted and answered from the next opening; walk-ins are recorded with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from standard.calendar import ServiceCalendar
from standard.wording import long_datetime


@dataclass(frozen=True)
class HoursStatus:
    office_id: str
    at: datetime  # the instant asked about, in office-local time
    open: bool
    next_opening: datetime | None  # `at` itself while open; None if no opening is known
    closes_at: datetime | None  # today's closing while open
    time_zone: str


def hours_status(calendar: ServiceCalendar, at: datetime) -> HoursStatus:
    status = calendar.status(at)
    return HoursStatus(
        office_id=calendar.settings.office_id,
        at=status.at,
        open=status.open,
        next_opening=status.next_opening,
        closes_at=status.closes_at,
        time_zone=calendar.settings.time_zone,
    )


def walk_in_notice(status: HoursStatus) -> str | None:
    """The notice shown at the desk for a walk-in recorded outside service hours."""
    if status.open:
        return None
    reopening = long_datetime(status.next_opening) if status.next_opening else "belum dijadwalkan"
    return (
        f"Kedatangan dicatat di luar jam layanan; layanan buka kembali {reopening}. / "
        "Arrival recorded outside service hours; service resumes at the next opening."
    )


def online_acknowledgement(status: HoursStatus) -> str:
    """The first reply to an online request: served now, or from the next opening."""
    if status.open:
        return (
            "Terima kasih, permintaan Anda sudah kami terima dan segera dilayani petugas PST. / "
            "Thank you, your request is received and an officer will serve you shortly."
        )
    reopening = (
        long_datetime(status.next_opening) if status.next_opening else "hari kerja berikutnya"
    )
    return (
        "Terima kasih, permintaan Anda sudah kami terima di luar jam layanan dan akan dijawab "
        f"mulai {reopening}. / Thank you, your request was received outside service hours "
        "and will be answered from the next opening."
    )
