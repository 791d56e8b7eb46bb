"""The words every page, message, report and script uses, in one catalogue (Bahasa Indonesia
first, English second where a page shows both).

Pure Python, no framework: schemas, pages, reports and (through `catalogue()`, served as
JSON by the presentation kit) the JavaScript read the same labels, so a label cannot drift
between the survey a visitor answers and the report a manager signs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

# The nine survey elements of PermenPAN-RB 14/2017 (Lampiran, "unsur survei"), in the
# regulation's order and wording: (Indonesian, English).
IKM_ELEMENTS: dict[str, tuple[str, str]] = {
    "U1": ("Persyaratan", "Requirements"),
    "U2": ("Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
    "U3": ("Waktu penyelesaian", "Completion time"),
    "U4": ("Biaya/tarif", "Cost/tariff"),
    "U5": ("Produk spesifikasi jenis pelayanan", "Product specification"),
    "U6": ("Kompetensi pelaksana", "Officer competence"),
    "U7": ("Perilaku pelaksana", "Officer behaviour"),
    "U8": ("Penanganan pengaduan, saran dan masukan", "Handling of complaints"),
    "U9": ("Sarana dan prasarana", "Facilities"),
}
IKM_CATEGORIES = {"A": "Sangat baik", "B": "Baik", "C": "Kurang baik", "D": "Tidak baik"}

# Every channel a visit or a complaint arrives by (events.catalogue names the codes).
CHANNELS = {
    "walk_in": "Datang langsung",
    "halopst": "halopst",
    "whatsapp": "WhatsApp",
    "email": "E-mail",
    "suggestion_box": "Kotak saran",
    "website": "Situs web",
    "lapor": "SP4N-LAPOR!",
    "phone": "Telepon",
    "unknown": "Tidak diketahui",
}

# Statuses people see: an officer's on the dashboard, a waiting visit's, a complaint's.
OFFICER_STATUSES = {
    "serving": "melayani",
    "idle": "menganggur",
    "break": "istirahat",
    "off": "tidak bertugas",
}
VISIT_STATUSES = {"waiting": "masih menunggu", "served": "dilayani"}
COMPLAINT_STATUSES = {"filed": "diajukan", "acknowledged": "ditanggapi", "resolved": "selesai"}

# (Indonesian, English) per complaint kind, in the form's order.
COMPLAINT_KINDS: dict[str, tuple[str, str]] = {
    "complaint": ("Pengaduan", "Complaint"),
    "suggestion": ("Saran", "Suggestion"),
    "praise": ("Pujian", "Praise"),
}
COMPLAINT_CATEGORIES = {
    "persyaratan": "Persyaratan pelayanan",
    "prosedur": IKM_ELEMENTS["U2"][0],
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

# Consultation topics are published as category slugs (never free text, Law 27/2022): the
# subject groups of BPS statistics, the same slugs reception uses for the data a visitor needs.
TOPICS: dict[str, str] = {
    "kependudukan": "Kependudukan & migrasi",
    "ketenagakerjaan": "Ketenagakerjaan",
    "pendidikan": "Pendidikan",
    "kesehatan": "Kesehatan",
    "kemiskinan": "Kemiskinan & ketimpangan",
    "konsumsi_pengeluaran": "Konsumsi & pengeluaran",
    "pertanian": "Pertanian, kehutanan, perikanan",
    "industri_energi": "Industri, energi, konstruksi",
    "perdagangan": "Perdagangan",
    "harga_inflasi": "Harga & inflasi",
    "pariwisata_transportasi": "Pariwisata & transportasi",
    "neraca_ekonomi": "PDRB & neraca ekonomi",
    "pemerintahan": "Pemerintahan, politik, keamanan",
    "geografi_wilayah": "Geografi & wilayah",
    "lainnya": "Lainnya",
}

# Staff roles as the shell names them: (Indonesian, English).
ROLES: dict[str, tuple[str, str]] = {
    "receptionist": ("Resepsionis", "Receptionist"),
    "officer": ("Petugas layanan", "Service officer"),
    "supervisor": ("Supervisor", "Supervisor"),
    "auditor": ("Auditor", "Auditor"),
    "admin": ("Admin", "Administrator"),
    "channel": ("Kanal", "Channel"),
}


def _bilingual(table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {code: {"id": id_, "en": en} for code, (id_, en) in table.items()}


def catalogue() -> dict[str, Any]:
    """Everything above as plain JSON-ready data: what the pages' scripts read."""
    return {
        "days": list(DAYS),
        "months": list(MONTHS),
        "zones": ZONE_NAMES,
        "ikm_elements": _bilingual(IKM_ELEMENTS),
        "ikm_categories": IKM_CATEGORIES,
        "channels": CHANNELS,
        "officer_statuses": OFFICER_STATUSES,
        "visit_statuses": VISIT_STATUSES,
        "complaint_statuses": COMPLAINT_STATUSES,
        "complaint_kinds": _bilingual(COMPLAINT_KINDS),
        "complaint_categories": COMPLAINT_CATEGORIES,
        "topics": TOPICS,
        "roles": _bilingual(ROLES),
    }


def channel_name(code: str) -> str:
    return CHANNELS.get(code, code)


def zone_name(time_zone: str) -> str:
    """`WIB` for Asia/Jakarta; the IANA name where Indonesia has no abbreviation."""
    return ZONE_NAMES.get(time_zone, time_zone)


def long_date(day: date) -> str:
    """`25 Maret 2026`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_datetime(moment: datetime) -> str:
    """`Rabu, 25 Maret 2026 pukul 08.00 WIB`, in the time zone `moment` carries."""
    return f"{DAYS[moment.weekday()]}, {long_date(moment)} pukul {moment:%H.%M} {moment.tzname()}"
