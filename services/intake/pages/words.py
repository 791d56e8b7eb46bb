"""What intake's pages show: catalogue labels split into their Indonesian and English parts,
times in the office's zone, states in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from services.intake.domain.catalogues import FIELD_CATALOGUES, LABELS
from standard.wording import long_date, zone_name

GUEST_BOOK_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("institution_type", "Asal instansi", "Where you come from"),
    ("occupation", "Pekerjaan", "Occupation"),
    ("education", "Pendidikan terakhir", "Education"),
    ("data_needed", "Data yang dibutuhkan", "Data you need"),
    ("purpose_of_use", "Tujuan penggunaan data", "What the data is for"),
)
DOCUMENT_TYPES: tuple[tuple[str, str], ...] = (
    ("KTP", "KTP"),
    ("SIM", "SIM"),
    ("PASPOR", "Paspor"),
    ("OTHER", "Kartu identitas lain"),
)
STATES: dict[str, tuple[str, str]] = {
    "registered": ("Menunggu nomor antrean", "awaiting a ticket"),
    "waiting": ("Menunggu", "waiting"),
    "called": ("Dipanggil", "called"),
    "in_consultation": ("Dalam konsultasi", "in consultation"),
    "done": ("Selesai", "done"),
    "left": ("Meninggalkan antrean", "left the queue"),
    "departed": ("Sudah pulang", "departed"),
}


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    label_en: str


def split_label(code: str) -> tuple[str, str]:
    indonesian, _, english = LABELS.get(code, code).partition(" / ")
    return indonesian, english


def choices(field: str) -> list[Choice]:
    return [Choice(m.value, *split_label(m.value)) for m in FIELD_CATALOGUES[field]]


def local_time(moment: datetime | None, time_zone: str) -> str:
    """`08.10 WIB`."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{local:%H.%M} {zone_name(time_zone)}"


def local_date_time(moment: datetime, time_zone: str) -> str:
    """`17 Maret 2026, 08.10 WIB`."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{long_date(local.date())}, {local_time(moment, time_zone)}"
