"""The VisitChannel aggregate: what feedback learned of a visit from intake's `VisitorArrived`.

Only the channel and the arrival time (the visitor's first message on WhatsApp), so an
invitation can go back on the visit's own channel; keyed by the visit id, so a
redelivered arrival collides instead of duplicating.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate

CHANNEL_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pst-hub:feedback:visit-channel")


class VisitChannel(OfficeAggregate):
    class Learned(OfficeAggregate.Created):
        visit_id: str
        channel: str

    @staticmethod
    def create_id(visit_id: str) -> UUID:
        return uuid5(CHANNEL_NAMESPACE, visit_id)

    @event(Learned)
    def __init__(self, office_id: str, occurred_at: datetime, visit_id: str, channel: str) -> None:
        self.office_id = office_id
        self.visit_id = visit_id
        self.channel = channel
        self.arrived_at = occurred_at
