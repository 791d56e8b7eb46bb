"""The reports' own formatting (title, period, numbers, signature place) in the manager's
language; element, channel and category labels are the catalogue's (standard/wording.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from standard import wording as standard_wording
from standard.wording import IKM_CATEGORIES, IKM_ELEMENTS, MONTHS, long_date

TITLE = "Laporan Evaluasi Kinerja Petugas Layanan Konsultasi Statistik"
# The labels come from the one catalogue the survey page uses too (standard/wording.py).
ELEMENTS = {code: name for code, (name, _) in IKM_ELEMENTS.items()}
CHANNELS = standard_wording.CHANNELS
CATEGORY_LABELS = IKM_CATEGORIES


def period_text(report: dict[str, Any]) -> str:
    """'Maret 2026', 'Tahun 2026' or '1 Maret 2026 s.d. 15 Maret 2026'."""
    start = date.fromisoformat(report["period"]["start"])
    end = date.fromisoformat(report["period"]["end"])
    label = report.get("period_label", "")
    if len(label) == 4:
        return f"Tahun {start.year}"
    if len(label) == 7:
        return f"{MONTHS[start.month - 1]} {start.year}"
    return f"{long_date(start)} s.d. {long_date(end)}"


ZONES = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}


def moment_text(text: str | None) -> str:
    """'2026-03-16T10:00:00+07:00' -> '16 Maret 2026 pukul 10.00 WIB'."""
    if not text:
        return "-"
    moment = datetime.fromisoformat(text)
    offset = moment.utcoffset()
    zone = ZONES.get(offset, moment.strftime("UTC%z")) if offset is not None else ""
    return f"{long_date(moment.date())} pukul {moment:%H.%M} {zone}".rstrip()


def as_of_text(report: dict[str, Any]) -> str:
    """The moment the figures hold for, and whether the period was still running then."""
    moment = moment_text(report.get("as_of"))
    if report.get("complete", True):
        return f"Keadaan per {moment}."
    return (
        f"Keadaan per {moment}; periode masih berjalan: waktu bertugas dan menganggur "
        "dihitung sampai saat itu saja."
    )


def number(value: Any, unit: str = "") -> str:
    """Indonesian number format: decimal comma, '-' for no value."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") + unit
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text + unit


def city_of(office_name: str) -> str:
    """'BPS Kota Blitar' -> 'Blitar' (the place line of the signature block)."""
    for prefix in ("BPS Kota ", "BPS Kabupaten ", "BPS Provinsi ", "BPS "):
        if office_name.startswith(prefix):
            rest = office_name.removeprefix(prefix)
            return "" if rest.isdigit() else rest
    return office_name
