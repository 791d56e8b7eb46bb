"""The StaffMember aggregate: one person of an office, their roles and whether they may
sign in. Every change is an event, so who held which role when stays auditable.

A username (`staff_id`) is the person's identity everywhere: the `officer_id` of the
queue's events, the subject of their sessions. It never changes; a member who leaves is
deactivated, never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate
from standard.errors import Conflict, RuleViolation

NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:staff")
ROLES = ("receptionist", "officer", "supervisor", "auditor", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
OFFICE = re.compile(r"^[0-9]{4}$")


def member_id_for(username: str) -> UUID:
    return uuid5(NAMESPACE, f"member:{username}")


def check_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise RuleViolation(
            "username",
            "2-64 huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf atau "
            "angka / 2-64 lowercase letters, digits, '.', '_' or '-'",
        )
    return username


def check_nip(nip: str | None) -> str | None:
    """A civil servant's NIP: 18 digits, birth date (YYYYMMDD), appointment (YYYYMM),
    sex (1 or 2) and a 3-digit sequence number."""
    if nip is None or nip == "":
        return None
    reason = "NIP harus 18 angka / the NIP has 18 digits"
    if not re.fullmatch(r"[0-9]{18}", nip):
        raise RuleViolation("nip", reason)
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        appointed = date(int(nip[8:12]), int(nip[12:14]), 1)
    except ValueError:
        raise RuleViolation(
            "nip", "tanggal lahir atau TMT dalam NIP tidak valid / the NIP's dates are invalid"
        ) from None
    if appointed <= born or nip[14] not in "12":
        raise RuleViolation(
            "nip", "NIP tidak valid (TMT atau kode jenis kelamin) / the NIP is not valid"
        )
    return nip


def check_display_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 120:
        raise RuleViolation("display_name", "nama 1-120 karakter / a name of 1-120 characters")
    return name


def check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(sorted(set(roles)))
    unknown = [role for role in chosen if role not in ROLES]
    if unknown:
        raise RuleViolation("roles", f"peran tidak dikenal: {', '.join(unknown)}")
    if not chosen:
        raise RuleViolation("roles", "pilih setidaknya satu peran / at least one role")
    return chosen


def check_office_code(office_id: str) -> str:
    if not OFFICE.fullmatch(office_id):
        raise RuleViolation("office_id", "kode kantor BPS 4 angka / a 4-digit BPS office code")
    return office_id


class StaffMember(OfficeAggregate):
    Registered: ClassVar[type[OfficeAggregate.Event]]
    Changed: ClassVar[type[OfficeAggregate.Event]]
    Deactivated: ClassVar[type[OfficeAggregate.Event]]
    Reactivated: ClassVar[type[OfficeAggregate.Event]]

    staff_id: str
    display_name: str
    nip: str | None
    roles: tuple[str, ...]
    national: bool
    active: bool

    @staticmethod
    def create_id(staff_id: str, **_: object) -> UUID:
        return member_id_for(staff_id)

    @event("Registered")
    def __init__(
        self,
        staff_id: str,
        display_name: str,
        nip: str | None,
        office_id: str,
        roles: tuple[str, ...],
        national: bool,
        occurred_at: datetime | None = None,
    ) -> None:
        self.staff_id = staff_id
        self.office_id = office_id
        self._apply(display_name, nip, office_id, roles, national)
        self.active = True

    def _apply(
        self,
        display_name: str,
        nip: str | None,
        office_id: str,
        roles: tuple[str, ...],
        national: bool,
    ) -> None:
        self.display_name = display_name
        self.nip = nip
        self.office_id = office_id
        self.roles = tuple(roles)
        self.national = national

    def change(
        self,
        display_name: str,
        nip: str | None,
        office_id: str,
        roles: tuple[str, ...],
        national: bool,
    ) -> bool:
        """Records the new particulars; False (nothing recorded) when nothing changed."""
        same = (self.display_name, self.nip, self.office_id, self.roles, self.national)
        if same == (display_name, nip, office_id, tuple(roles), national):
            return False
        self._changed(self.staff_id, display_name, nip, office_id, tuple(roles), national, None)
        return True

    @event("Changed")
    def _changed(
        self,
        staff_id: str,
        display_name: str,
        nip: str | None,
        office_id: str,
        roles: tuple[str, ...],
        national: bool,
        occurred_at: datetime | None,
    ) -> None:
        self._apply(display_name, nip, office_id, roles, national)

    def deactivate(self) -> None:
        if not self.active:
            raise Conflict("username", "akun sudah nonaktif / already deactivated")
        self._deactivated(self.staff_id, None)

    @event("Deactivated")
    def _deactivated(self, staff_id: str, occurred_at: datetime | None) -> None:
        self.active = False

    def reactivate(self) -> None:
        if self.active:
            raise Conflict("username", "akun sudah aktif / already active")
        self._reactivated(self.staff_id, None)

    @event("Reactivated")
    def _reactivated(self, staff_id: str, occurred_at: datetime | None) -> None:
        self.active = True


def check_email(email: str | None) -> str | None:
    """A work address (kept off the bus, in the directory's own table)."""
    if not email:
        return None
    email = email.strip()
    if len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise RuleViolation("email", "alamat e-mail tidak valid / not an e-mail address")
    return email
