"""The staff directory's domain events -> integration events (EVENTS.md, section staff).

Only a member's public identity as a civil servant goes on the bus: username, name, NIP,
office, roles, scope (docs/adr/0011). Passwords, e-mail, sessions and tokens are not
events.
"""

from __future__ import annotations

from typing import Any

from events import Envelope
from events.building import envelope_for
from services.staff.domain.member import StaffMember

SOURCE = "staff"


def _particulars(event: Any) -> dict[str, Any]:
    return {
        "staff_id": event.staff_id,
        "display_name": event.display_name,
        "nip": event.nip,
        "office_id": event.office_id,
        "roles": list(event.roles),
        "national": event.national,
    }


def _staff_id(event: Any) -> dict[str, Any]:
    return {"staff_id": event.staff_id}


EVENTS = {
    StaffMember.Registered: ("StaffMemberRegistered", _particulars),
    StaffMember.Changed: ("StaffMemberChanged", _particulars),
    StaffMember.Deactivated: ("StaffMemberDeactivated", _staff_id),
    StaffMember.Reactivated: ("StaffMemberReactivated", _staff_id),
}


def to_envelope(domain_event: Any) -> Envelope | None:
    found = EVENTS.get(type(domain_event))
    if found is None:
        return None
    event_type, data = found
    return envelope_for(domain_event, SOURCE, event_type, data(domain_event))
