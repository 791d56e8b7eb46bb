"""What a signed document shows besides the figures: the letterhead, the signatory, and
the officers' names and NIP (from the staff directory when it knows them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.reporting.settings import Letterhead


@dataclass(frozen=True, slots=True)
class StaffName:
    name: str
    nip: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    letterhead: Letterhead | None = None
    staff: Mapping[str, StaffName] = field(default_factory=dict)

    def officer_label(self, officer_id: str, between: str = " ") -> str:
        """'Ani Rahayu NIP 1987...' when the directory knows the officer, else the id."""
        known = self.staff.get(officer_id)
        if known is None:
            return officer_id
        return f"{known.name}{between}NIP {known.nip}" if known.nip else known.name


PLAIN = Document()
