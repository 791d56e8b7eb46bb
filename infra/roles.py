"""Who may act: roles and the authenticated principal (no web framework here)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# BPS RI: a principal of this office holds the national scope (every office).
NATIONAL_OFFICE = "0000"


class Role(StrEnum):
    RECEPTIONIST = "receptionist"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Principal:
    """Who is acting: a staff member signed in with a session, or a machine's bearer token.

    `subject` is the staff member's username (or the token's subject); `display_name` and
    `nip` name a person in pages and reports; `national` is the scope above one office
    (BPS auditors and supervisors) under which `office_id` is only the home office.
    """

    subject: str
    roles: frozenset[Role]
    office_id: str
    display_name: str | None = None
    staff_id: str | None = None
    nip: str | None = None
    national: bool = False

    def may_act_for(self, office_id: str) -> bool:
        """Their own office; every office only under the national scope (admins too)."""
        return self.national or self.office_id == office_id
