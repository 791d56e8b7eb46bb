"""Who may act: roles and the authenticated principal (no web framework here)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    RECEPTIONIST = "receptionist"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    office_id: str

    def may_act_for(self, office_id: str) -> bool:
        return self.office_id == office_id or Role.ADMIN in self.roles
