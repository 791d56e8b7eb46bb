"""The service calendar's week as the waiting-room display writes it.

'Senin–Kamis 08.00–15.30 WIB', one line per run of days with the same hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from standard.office import WEEKDAYS, OfficeSettings, OpeningHours
from standard.wording import DAYS, zone_name


@dataclass(frozen=True)
class ScheduleLine:
    days: str  # "Senin–Kamis"
    hours: str | None  # "08.00–15.30 WIB"; None: closed


def day_span(first: int, last: int) -> str:
    if first == last:
        return DAYS[first]
    joiner = " & " if last == first + 1 else "–"
    return DAYS[first] + joiner + DAYS[last]


def hours_text(hours: OpeningHours | None, zone: str) -> str | None:
    if hours is None:
        return None
    return f"{hours.opens:%H.%M}–{hours.closes:%H.%M} {zone}"


def weekly_schedule(settings: OfficeSettings) -> list[ScheduleLine]:
    """Consecutive weekdays with the same hours on one line: the service calendar's week."""
    zone = zone_name(settings.time_zone)
    lines: list[ScheduleLine] = []
    first = 0
    for index in range(1, len(WEEKDAYS) + 1):
        current = settings.opening_hours.get(WEEKDAYS[first])
        if index < len(WEEKDAYS) and settings.opening_hours.get(WEEKDAYS[index]) == current:
            continue
        lines.append(ScheduleLine(day_span(first, index - 1), hours_text(current, zone)))
        first = index
    return lines
