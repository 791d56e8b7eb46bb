"""The Visitor aggregate: one person's identity as intake knows it, kept encrypted.

Its id is derived from the visitor's `visitor_ref` (a keyed hash), so it can be found
from any of the person's identifiers through their aliases. It holds the name and the
identifiers (normalised phone, e-mail, identity card) and, per online channel, the
visit the person's current conversation belongs to.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from standard.aggregate import OfficeAggregate


class Visitor(OfficeAggregate):
    @event("Registered")
    def __init__(
        self,
        id: UUID,  # the library takes the aggregate id by this name
        office_id: str,
        occurred_at: datetime,
        visitor_ref: str,
        name: str | None,
        identifiers: list[str],
    ) -> None:
        self.office_id = office_id
        self.visitor_ref = visitor_ref
        self.name = name
        self.identifiers = list(identifiers)
        self.conversations: dict[str, UUID] = {}

    def record_details(
        self, name: str | None, identifiers: list[str], occurred_at: datetime | None = None
    ) -> None:
        """Remember new identifiers, and a name when none is known yet.

        The first name recorded stays (a receptionist copies it from an identity card;
        a chat profile name is often a nickname). Records nothing when nothing is new.
        """
        new = [identifier for identifier in identifiers if identifier not in self.identifiers]
        renamed = name if name and not self.name else None
        if new or renamed:
            self._details_recorded(name=renamed, identifiers=new, occurred_at=occurred_at)

    @event("DetailsRecorded")
    def _details_recorded(
        self, name: str | None, identifiers: list[str], occurred_at: datetime | None = None
    ) -> None:
        if name:
            self.name = name
        self.identifiers.extend(identifiers)

    def conversation(self, channel: str) -> UUID | None:
        """The visit this person's latest conversation on `channel` belongs to."""
        return self.conversations.get(channel)

    def open_conversation(
        self, channel: str, visit_id: UUID, occurred_at: datetime | None = None
    ) -> None:
        self._conversation_opened(channel=channel, visit_id=visit_id, occurred_at=occurred_at)

    @event("ConversationOpened")
    def _conversation_opened(
        self, channel: str, visit_id: UUID, occurred_at: datetime | None = None
    ) -> None:
        self.conversations[channel] = visit_id
