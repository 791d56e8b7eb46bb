"""The coarse categories intake records about a visitor and a request.

Only these codes ever leave intake (EVENTS.md: no free text on the bus). They follow
the categories of the BPS PST guest book and of the halopst consultation form; each
code has an Indonesian label with an English gloss, served at GET /api/intake/catalogues.
"""

from __future__ import annotations

from enum import StrEnum


class ConsultationType(StrEnum):
    """halopst consultation types (seed README, section B, online procedure)."""

    KONSULTASI_STATISTIK = "konsultasi_statistik"
    KONSULTASI_DATA = "konsultasi_data"
    PERMINTAAN_DATA = "permintaan_data"
    REKOMENDASI_KEGIATAN_STATISTIK = "rekomendasi_kegiatan_statistik"


class InstitutionType(StrEnum):
    LEMBAGA_NEGARA = "lembaga_negara"
    KEMENTERIAN_LEMBAGA = "kementerian_lembaga"
    TNI_POLRI = "tni_polri"
    PEMERINTAH_DAERAH = "pemerintah_daerah"
    LEMBAGA_INTERNASIONAL = "lembaga_internasional"
    PERGURUAN_TINGGI = "perguruan_tinggi"
    SEKOLAH = "sekolah"
    LEMBAGA_PENELITIAN = "lembaga_penelitian"
    BUMN_BUMD = "bumn_bumd"
    SWASTA = "swasta"
    MEDIA = "media"
    PERORANGAN = "perorangan"
    LAINNYA = "lainnya"


class Occupation(StrEnum):
    PELAJAR = "pelajar"
    MAHASISWA = "mahasiswa"
    PENELITI_DOSEN = "peneliti_dosen"
    ASN_TNI_POLRI = "asn_tni_polri"
    PEGAWAI_BUMN_BUMD = "pegawai_bumn_bumd"
    PEGAWAI_SWASTA = "pegawai_swasta"
    WIRASWASTA = "wiraswasta"
    LAINNYA = "lainnya"


class Education(StrEnum):
    SD = "sd"
    SMP = "smp"
    SMA = "sma"
    DIPLOMA = "diploma"
    S1 = "s1"
    S2 = "s2"
    S3 = "s3"


class Gender(StrEnum):
    LAKI_LAKI = "L"
    PEREMPUAN = "P"


class AgeGroup(StrEnum):
    UNDER_20 = "0-19"
    TWENTIES = "20-29"
    THIRTIES = "30-39"
    FORTIES = "40-49"
    FIFTIES = "50-59"
    SIXTY_PLUS = "60+"


class DataNeeded(StrEnum):
    """Subject groups of BPS statistics, coarse enough to publish."""

    KEPENDUDUKAN = "kependudukan"
    KETENAGAKERJAAN = "ketenagakerjaan"
    PENDIDIKAN = "pendidikan"
    KESEHATAN = "kesehatan"
    KEMISKINAN = "kemiskinan"
    KONSUMSI_PENGELUARAN = "konsumsi_pengeluaran"
    PERTANIAN = "pertanian"
    INDUSTRI_ENERGI = "industri_energi"
    PERDAGANGAN = "perdagangan"
    HARGA_INFLASI = "harga_inflasi"
    PARIWISATA_TRANSPORTASI = "pariwisata_transportasi"
    NERACA_EKONOMI = "neraca_ekonomi"
    PEMERINTAHAN = "pemerintahan"
    GEOGRAFI_WILAYAH = "geografi_wilayah"
    LAINNYA = "lainnya"


class PurposeOfUse(StrEnum):
    TUGAS_SEKOLAH_KULIAH = "tugas_sekolah_kuliah"
    TUGAS_AKHIR = "tugas_akhir"
    PENELITIAN = "penelitian"
    PERENCANAAN_PEMERINTAHAN = "perencanaan_pemerintahan"
    BISNIS = "bisnis"
    JURNALISTIK = "jurnalistik"
    LAINNYA = "lainnya"


LABELS: dict[str, str] = {
    "konsultasi_statistik": "Konsultasi statistik / statistical consultation",
    "konsultasi_data": "Konsultasi data / data consultation",
    "permintaan_data": "Permintaan data / data request",
    "rekomendasi_kegiatan_statistik": (
        "Rekomendasi kegiatan statistik / statistical activity recommendation"
    ),
    "lembaga_negara": "Lembaga negara / state institution",
    "kementerian_lembaga": "Kementerian & lembaga pemerintah / ministry or government agency",
    "tni_polri": "TNI/Polri/BIN/Kejaksaan / armed forces, police, intelligence, prosecution",
    "pemerintah_daerah": "Pemerintah daerah / local government",
    "lembaga_internasional": "Lembaga internasional / international organisation",
    "perguruan_tinggi": "Perguruan tinggi / university",
    "sekolah": "Sekolah / school",
    "lembaga_penelitian": "Lembaga penelitian / research institute",
    "bumn_bumd": "BUMN/BUMD / state- or region-owned enterprise",
    "swasta": "Swasta / private company",
    "media": "Media massa / press",
    "perorangan": "Perorangan / individual",
    "lainnya": "Lainnya / other",
    "pelajar": "Pelajar / school student",
    "mahasiswa": "Mahasiswa / university student",
    "peneliti_dosen": "Peneliti/dosen / researcher or lecturer",
    "asn_tni_polri": "ASN/TNI/Polri / civil servant, armed forces or police",
    "pegawai_bumn_bumd": "Pegawai BUMN/BUMD / state-enterprise employee",
    "pegawai_swasta": "Pegawai swasta / private employee",
    "wiraswasta": "Wiraswasta / self-employed",
    "sd": "SD/sederajat / primary school",
    "smp": "SMP/sederajat / junior secondary",
    "sma": "SMA/sederajat / senior secondary",
    "diploma": "D1-D3 / diploma",
    "s1": "D4/S1 / bachelor",
    "s2": "S2 / master",
    "s3": "S3 / doctorate",
    "L": "Laki-laki / male",
    "P": "Perempuan / female",
    "0-19": "Di bawah 20 tahun / under 20",
    "20-29": "20-29 tahun",
    "30-39": "30-39 tahun",
    "40-49": "40-49 tahun",
    "50-59": "50-59 tahun",
    "60+": "60 tahun ke atas / 60 and over",
    "kependudukan": "Kependudukan & migrasi / population and migration",
    "ketenagakerjaan": "Ketenagakerjaan / labour",
    "pendidikan": "Pendidikan / education",
    "kesehatan": "Kesehatan / health",
    "kemiskinan": "Kemiskinan & ketimpangan / poverty and inequality",
    "konsumsi_pengeluaran": "Konsumsi & pengeluaran / consumption and expenditure",
    "pertanian": "Pertanian, kehutanan, perikanan / agriculture, forestry, fisheries",
    "industri_energi": "Industri, energi, konstruksi / industry, energy, construction",
    "perdagangan": "Perdagangan / trade",
    "harga_inflasi": "Harga & inflasi / prices and inflation",
    "pariwisata_transportasi": "Pariwisata & transportasi / tourism and transport",
    "neraca_ekonomi": "PDRB & neraca ekonomi / GDP and national accounts",
    "pemerintahan": "Pemerintahan, politik, keamanan / government, politics, security",
    "geografi_wilayah": "Geografi & wilayah / geography and regions",
    "tugas_sekolah_kuliah": "Tugas sekolah/kuliah / coursework",
    "tugas_akhir": "Tugas akhir (skripsi, tesis, disertasi) / thesis",
    "penelitian": "Penelitian / research",
    "perencanaan_pemerintahan": "Perencanaan & evaluasi pemerintahan / government planning",
    "bisnis": "Bisnis/komersial / business",
    "jurnalistik": "Jurnalistik / journalism",
}

# Which catalogue each published category field draws from.
FIELD_CATALOGUES: dict[str, type[StrEnum]] = {
    "institution_type": InstitutionType,
    "occupation": Occupation,
    "education": Education,
    "gender": Gender,
    "age_group": AgeGroup,
    "data_needed": DataNeeded,
    "purpose_of_use": PurposeOfUse,
    "purpose": PurposeOfUse,
    "consultation_type": ConsultationType,
}

PROFILE_FIELDS: tuple[str, ...] = (
    "institution_type",
    "occupation",
    "education",
    "gender",
    "age_group",
)


def allowed(field: str) -> tuple[str, ...]:
    return tuple(member.value for member in FIELD_CATALOGUES[field])


def unknown_category(field: str, value: object) -> str | None:
    """The reason a category value is refused, or None when it is in its catalogue."""
    if value is None or value in allowed(field):
        return None
    return f"kategori tidak dikenal {value!r}; pilihan / allowed: {', '.join(allowed(field))}"
