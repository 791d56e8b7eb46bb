"""The VisitorAlias aggregate: an index from one identifier to the visitor it belongs to.

Its id is a keyed hash of a normalised identifier (phone, e-mail, identity card), so
the identifier itself is stored nowhere in clear, not even as an id. A walk-in who
gives a phone number and later writes on WhatsApp from it is found as the same person.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate


class VisitorAlias(OfficeAggregate):
    @event("Linked")
    def __init__(
        self,
        id: UUID,  # the library takes the aggregate id by this name
        office_id: str,
        occurred_at: datetime,
        visitor_ref: str,
    ) -> None:
        self.office_id = office_id
        self.visitor_ref = visitor_ref
