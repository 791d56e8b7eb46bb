"""The ChannelMessage aggregate: a message a channel delivered, under a keyed id of its own id.

One per WhatsApp message id (wamid), e-mail Message-ID or halopst request id. Saved
with the visit change it caused, so a redelivered message collides with it and is one
arrival however often, and in however many processes, it comes back. E-mail replies
find their thread's visit through it (In-Reply-To, References).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate


class ChannelMessage(OfficeAggregate):
    @event("Received")
    def __init__(
        self,
        id: UUID,  # the library takes the aggregate id by this name
        office_id: str,
        occurred_at: datetime,
        channel: str,
        visit_id: UUID,
    ) -> None:
        self.office_id = office_id
        self.channel = channel
        self.visit_id = visit_id
