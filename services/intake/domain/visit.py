"""The Visit aggregate: one visitor's consultation request, from arrival to departure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate
from standard.errors import Conflict, RuleViolation

CHANNELS = ("walk_in", "halopst", "whatsapp", "email")


class VisitError(RuleViolation):
    """A rule of the visit was broken; `field` names what was wrong."""


class VisitClosed(Conflict):
    pass


class Visit(OfficeAggregate):
    @event("Arrived")
    def __init__(
        self,
        office_id: str,
        channel: str,
        visitor_ref: str,
        profile: dict[str, Any],
        occurred_at: datetime,
        purpose: str | None = None,
        consultation_type: str | None = None,
    ) -> None:
        check_channel(channel)
        check_aware(occurred_at)
        self.office_id = office_id
        self.channel = channel
        self.visitor_ref = visitor_ref
        self.profile = profile
        self.arrived_at = occurred_at
        self.purpose = purpose
        self.consultation_type = consultation_type
        self.departed = False

    @event("Departed")
    def depart(self, occurred_at: datetime | None = None) -> None:
        if self.departed:
            raise VisitClosed("visit_id", "the visitor has already departed")
        self.departed = True


def check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise VisitError("channel", f"must be one of {', '.join(CHANNELS)}")


def check_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise VisitError("occurred_at", "must carry a UTC offset")
