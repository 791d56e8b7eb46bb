"""Words on the queue's pages: Indonesian day names, time zones, the weekly schedule, topics.

Consultation topics are published as category slugs (never free text, Law 27/2022); the
console offers the subject groups of BPS statistics, the same slugs reception uses for
the data a visitor needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from standard.office import WEEKDAYS, OfficeSettings, OpeningHours

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
TOPICS: tuple[tuple[str, str], ...] = (
    ("kependudukan", "Kependudukan & migrasi"),
    ("ketenagakerjaan", "Ketenagakerjaan"),
    ("pendidikan", "Pendidikan"),
    ("kesehatan", "Kesehatan"),
    ("kemiskinan", "Kemiskinan & ketimpangan"),
    ("konsumsi_pengeluaran", "Konsumsi & pengeluaran"),
    ("pertanian", "Pertanian, kehutanan, perikanan"),
    ("industri_energi", "Industri, energi, konstruksi"),
    ("perdagangan", "Perdagangan"),
    ("harga_inflasi", "Harga & inflasi"),
    ("pariwisata_transportasi", "Pariwisata & transportasi"),
    ("neraca_ekonomi", "PDRB & neraca ekonomi"),
    ("pemerintahan", "Pemerintahan, politik, keamanan"),
    ("geografi_wilayah", "Geografi & wilayah"),
    ("lainnya", "Lainnya"),
)


@dataclass(frozen=True)
class ScheduleLine:
    days: str  # "Senin–Kamis"
    hours: str | None  # "08.00–15.30 WIB"; None: closed


def zone_name(time_zone: str) -> str:
    return ZONE_NAMES.get(time_zone, time_zone)


def day_span(first: int, last: int) -> str:
    if first == last:
        return DAY_NAMES[first]
    joiner = " & " if last == first + 1 else "–"
    return DAY_NAMES[first] + joiner + DAY_NAMES[last]


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
