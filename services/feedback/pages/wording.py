"""Indonesian words of the pages: answer kinds, complaint categories, dates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from standard import wording as standard_wording
from standard.office import UnknownOffice, office_settings

# (Indonesian, English) per complaint kind, in the form's order.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "complaint": ("Pengaduan", "Complaint"),
    "suggestion": ("Saran", "Suggestion"),
    "praise": ("Pujian", "Praise"),
}
CATEGORY_LABELS: dict[str, str] = {
    "persyaratan": "Persyaratan pelayanan",
    "prosedur": "Sistem, mekanisme, dan prosedur",
    "waktu_pelayanan": "Waktu pelayanan (antrean, lama layanan)",
    "biaya": "Biaya/tarif",
    "produk_layanan": "Produk layanan (hasil konsultasi)",
    "kompetensi_petugas": "Kompetensi petugas",
    "perilaku_petugas": "Perilaku petugas (kesopanan, keramahan)",
    "penanganan_pengaduan": "Penanganan pengaduan",
    "sarana_prasarana": "Sarana dan prasarana",
    "data_statistik": "Data statistik",
    "lainnya": "Lainnya",
}


def office_name(office_id: str) -> str:
    try:
        return office_settings(office_id).name
    except UnknownOffice:
        return f"BPS {office_id}"


def office_zone(office_id: str) -> ZoneInfo:
    try:
        return ZoneInfo(office_settings(office_id).time_zone)
    except UnknownOffice:
        return ZoneInfo("Asia/Jakarta")


def long_datetime(moment: datetime, zone: ZoneInfo) -> str:
    """'Jumat, 27 Maret 2026 pukul 16.00 WIB' in the office's time zone."""
    return standard_wording.long_datetime(moment.astimezone(zone))
