"""Intake's domain events -> integration events (EVENTS.md, section intake)."""

from __future__ import annotations

from typing import Any

from events import Envelope
from events.building import envelope_for
from services.intake.domain.visit import Visit


def to_envelope(domain_event: Any) -> Envelope | None:
    visit_id = str(domain_event.originator_id)
    if isinstance(domain_event, Visit.Arrived):
        data = {
            "visit_id": visit_id,
            "channel": domain_event.channel,
            "visitor": {"visitor_ref": domain_event.visitor_ref, **domain_event.profile},
            "purpose": domain_event.purpose,
            "consultation_type": domain_event.consultation_type,
        }
        return envelope_for(domain_event, "intake", "VisitorArrived", data)
    if isinstance(domain_event, Visit.Departed):
        return envelope_for(domain_event, "intake", "VisitorDeparted", {"visit_id": visit_id})
    return None
