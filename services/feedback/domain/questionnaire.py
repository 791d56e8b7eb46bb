"""The IKM questionnaire of Permenpan RB 14/2017: nine elements, each answered 1-4.

Element order and codes follow the regulation's list of survey elements (U8 handling of
complaints, U9 facilities; SERVICE-STANDARD.md). Questions and the four answers of each
element follow the sample questionnaire in the regulation's appendix: the answers differ
per element, and the first answer always scores 1, the fourth 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from standard.errors import RuleViolation
from standard.wording import IKM_ELEMENTS


@dataclass(frozen=True)
class Element:
    code: str
    name: str  # the element's name in the regulation (standard.wording.IKM_ELEMENTS)
    name_en: str
    question: str
    answers: tuple[str, str, str, str]  # scores 1, 2, 3, 4


ELEMENTS: tuple[Element, ...] = (
    Element(
        "U1",
        *IKM_ELEMENTS["U1"],
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U2",
        *IKM_ELEMENTS["U2"],
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        "U3",
        *IKM_ELEMENTS["U3"],
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        "U4",
        *IKM_ELEMENTS["U4"],
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        "U5",
        *IKM_ELEMENTS["U5"],
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
        "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U6",
        *IKM_ELEMENTS["U6"],
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "U7",
        *IKM_ELEMENTS["U7"],
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),
    Element(
        "U8",
        *IKM_ELEMENTS["U8"],
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),
    Element(
        "U9",
        *IKM_ELEMENTS["U9"],
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)
CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
MAX_COMMENT_LENGTH = 2000


def check_scores(scores: Mapping[str, object]) -> dict[str, int]:
    """All nine elements, each an integer 1-4, nothing else; returned in element order."""
    unknown = sorted(set(scores) - set(CODES))
    if unknown:
        raise RuleViolation(f"scores.{unknown[0]}", "bukan unsur IKM / not an IKM element")
    checked: dict[str, int] = {}
    for code in CODES:
        value = scores.get(code)
        if value is None:
            raise RuleViolation(f"scores.{code}", "wajib diisi / required")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise RuleViolation(f"scores.{code}", "harus bilangan bulat 1-4 / must be 1-4")
        checked[code] = value
    return checked


def clean_comment(comment: str | None) -> str | None:
    """The optional comment, trimmed; an empty one counts as none."""
    if comment is None or not comment.strip():
        return None
    text = comment.strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise RuleViolation(
            "comment", f"paling banyak {MAX_COMMENT_LENGTH} karakter / at most {MAX_COMMENT_LENGTH}"
        )
    return text
