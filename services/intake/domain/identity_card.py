"""The identity card a walk-in visitor leaves at reception, and the shape of its number.

The standard (seed README, 1.A) requires a valid identity card for an offline visit.
Numbers are checked for shape only (no registry lookup): a KTP's NIK has 16 digits,
a province code, a plausible birth date (day + 40 for women) and a non-zero serial;
a SIM number has 12-14 digits; a passport number is one or two letters and 6-7 digits.
Only the last four characters are ever shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from standard.errors import RuleViolation

DOCUMENT_TYPES: tuple[str, ...] = ("KTP", "SIM", "PASPOR", "OTHER")

# Province codes of the NIK (Dukcapil), as of the 38 provinces.
# fmt: off
PROVINCE_CODES: frozenset[str] = frozenset((
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33",
    "34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72",
    "73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96", "97",
))
# fmt: on
SHAPES: dict[str, re.Pattern[str]] = {
    "KTP": re.compile(r"^[0-9]{16}$"),
    "SIM": re.compile(r"^[0-9]{12,14}$"),
    "PASPOR": re.compile(r"^[A-Z]{1,2}[0-9]{6,7}$"),
    "OTHER": re.compile(r"^[A-Z0-9]{4,32}$"),
}
SHAPE_TEXT: dict[str, str] = {
    "KTP": "NIK KTP harus 16 digit / a KTP NIK has 16 digits",
    "SIM": "nomor SIM harus 12-14 digit / a SIM number has 12-14 digits",
    "PASPOR": (
        "nomor paspor: 1-2 huruf lalu 6-7 digit, mis. C1234567 / "
        "a passport number is 1-2 letters then 6-7 digits"
    ),
    "OTHER": "4-32 huruf atau angka / 4-32 letters or digits",
}
FIELD = "identity_card.number"


class IdentityCardError(RuleViolation):
    pass


@dataclass(frozen=True)
class IdentityCard:
    document_type: str
    number: str

    @classmethod
    def of(cls, document_type: str, number: str) -> IdentityCard:
        """A checked card; raises IdentityCardError naming the field and the shape wanted."""
        if document_type not in DOCUMENT_TYPES:
            raise IdentityCardError(
                "identity_card.document_type", f"pilihan / allowed: {', '.join(DOCUMENT_TYPES)}"
            )
        normalised = normalise_number(number)
        if not SHAPES[document_type].match(normalised):
            raise IdentityCardError(FIELD, SHAPE_TEXT[document_type])
        if document_type == "KTP":
            check_nik(normalised)
        return cls(document_type, normalised)

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def identity(self) -> str:
        """The card as a visitor identifier (one person, one card, across visits)."""
        return f"{self.document_type} {self.number}"


def normalise_number(number: str) -> str:
    return re.sub(r"[\s.\-/]", "", number).upper()


def check_nik(nik: str) -> None:
    if nik[:2] not in PROVINCE_CODES:
        raise IdentityCardError(
            FIELD, f"kode provinsi NIK {nik[:2]} tidak dikenal / unknown province code"
        )
    if nik[2:4] == "00" or nik[12:] == "0000":
        raise IdentityCardError(FIELD, "NIK tidak sah / not a valid NIK")
    if not plausible_birth_date(nik[6:12]):
        raise IdentityCardError(
            FIELD, "tanggal lahir pada NIK tidak sah / the NIK's birth date is not a date"
        )


def plausible_birth_date(ddmmyy: str) -> bool:
    """DDMMYY with 40 added to the day for women; true if a real date in 19YY or 20YY."""
    day, month, year = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    if day > 40:
        day -= 40
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False
