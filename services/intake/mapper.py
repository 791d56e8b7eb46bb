"""Intake's domain events -> integration events (EVENTS.md, section intake).

At most one integration event per domain event, built from an explicit list of
fields: names, numbers, messages and notes never leave intake. Visitor, alias and
channel-message events, and messages attached to a visit, publish nothing; of the
outbox, only an answer's hand-over (VisitorAnswered, no text, no contact).
"""

from __future__ import annotations

from typing import Any

from events import Envelope
from events.building import envelope_for
from infra.delivery.message import OutboundMessage
from services.intake.domain.catalogues import PROFILE_FIELDS
from services.intake.domain.visit import Visit

GUEST_BOOK_FIELDS = ("occupation", "institution_type", "education", "data_needed", "purpose_of_use")


def to_envelope(domain_event: Any) -> Envelope | None:
    visit_id = str(domain_event.originator_id)
    if isinstance(domain_event, Visit.Arrived):  # type: ignore[attr-defined]
        return arrived(domain_event, visit_id)
    if isinstance(domain_event, Visit.IdentityCardDeposited):  # type: ignore[attr-defined]
        data = {
            "visit_id": visit_id,
            "document_type": domain_event.document_type,
            "document_last4": domain_event.last4,
        }
        return envelope_for(domain_event, "intake", "IdentityCardDeposited", data)
    if isinstance(domain_event, Visit.GuestBookSigned):  # type: ignore[attr-defined]
        categories = {field: getattr(domain_event, field) for field in GUEST_BOOK_FIELDS}
        data = {"visit_id": visit_id, **categories}
        return envelope_for(domain_event, "intake", "GuestBookSigned", data)
    if isinstance(domain_event, Visit.IdentityCardReturned):  # type: ignore[attr-defined]
        return envelope_for(domain_event, "intake", "IdentityCardReturned", {"visit_id": visit_id})
    if isinstance(domain_event, OutboundMessage.Sent):  # type: ignore[attr-defined]
        return answered(domain_event)
    if isinstance(domain_event, Visit.Departed):  # type: ignore[attr-defined]
        return envelope_for(domain_event, "intake", "VisitorDeparted", {"visit_id": visit_id})
    return None


def arrived(domain_event: Any, visit_id: str) -> Envelope:
    profile = {field: domain_event.profile.get(field) for field in PROFILE_FIELDS}
    visitor = {"visitor_ref": domain_event.visitor_ref, **profile}
    data = {
        "visit_id": visit_id,
        "channel": domain_event.channel,
        "visitor": {key: value for key, value in visitor.items() if value is not None},
        "purpose": domain_event.purpose,
        "consultation_type": domain_event.consultation_type,
    }
    return envelope_for(domain_event, "intake", "VisitorArrived", data)


def answered(domain_event: Any) -> Envelope | None:
    """The officer's answer handed over to the visit's channel: the visit's first response
    is the earliest of these (EVENTS.md, VisitorAnswered). Other messages publish nothing."""
    if domain_event.purpose != "answer" or not domain_event.visit_id:
        return None
    data = {"visit_id": domain_event.visit_id, "channel": domain_event.channel}
    author = getattr(domain_event, "author", None)  # a Sent recorded before it had one
    if author:
        data["officer_id"] = author  # the answering officer (the staff subject)
    return envelope_for(domain_event, "intake", "VisitorAnswered", data)
