"""Feedback's domain events -> integration events (EVENTS.md, section feedback).

Codes only: the survey comment, the complaint's text and response, the complainant's
contact, the LAPOR! reference and link token hashes never leave the service.
"""

from __future__ import annotations

from typing import Any

from events import Envelope
from events.building import envelope_for
from services.feedback.domain.complaint import Complaint
from services.feedback.domain.survey import Survey

SOURCE = "feedback"


def to_envelope(domain_event: Any) -> Envelope | None:
    published = integration_event(domain_event)
    if published is None:
        return None
    event_type, data = published
    return envelope_for(domain_event, SOURCE, event_type, data)


def integration_event(domain_event: Any) -> tuple[str, dict[str, Any]] | None:
    """The integration event type and data of a domain event; None for private ones."""
    stream_id = str(domain_event.originator_id)
    event = domain_event
    if isinstance(event, Survey.Invited):
        return "SurveyInvited", {
            "survey_id": stream_id,
            "visit_id": event.visit_id,
            "channel": event.channel,
        }
    if isinstance(event, Survey.Submitted):
        return "SurveySubmitted", {
            "survey_id": stream_id,
            "visit_id": event.visit_id,
            "scores": dict(event.scores),
            "has_comment": event.comment is not None,
        }
    if isinstance(event, Complaint.Filed):
        return "ComplaintFiled", {
            "complaint_id": stream_id,
            "channel": event.channel,
            "kind": event.kind,
            "category": event.category,
            "visit_id": event.visit_id,
            "officer_id": event.officer_id,
            "reference": getattr(event, "reference", None),  # filed before references: none
        }
    if isinstance(event, Complaint.Acknowledged):
        return "ComplaintAcknowledged", {"complaint_id": stream_id}
    if isinstance(event, Complaint.Resolved):
        return "ComplaintResolved", {
            "complaint_id": stream_id,
            "resolution_category": event.resolution_category,
        }
    return None
