"""Who a message comes from: the visitor behind any of their identifiers.

Each identifier (phone, e-mail, identity card) has an alias whose id is a keyed hash
of it; the first alias found names the visitor. A person never seen before gets the
`visitor_ref` of their most portable identifier, so a walk-in who gives a phone
number and a WhatsApp user writing from it are one visitor, whichever comes first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from services.intake.channels.base import Sender
from services.intake.domain.visitor import Visitor
from services.intake.domain.visitor_alias import VisitorAlias
from services.intake.visitor_ref import VisitorRefs, normalise_identity
from standard.errors import RuleViolation

Found = TypeVar("Found")


class VisitorDirectory:
    def __init__(self, repository: Repository[UUID], refs: VisitorRefs) -> None:
        self.repository = repository
        self.refs = refs

    def find(self, kind: type[Found], aggregate_id: UUID) -> Found | None:
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, kind)
        return found

    def visitor_id(self, visitor_ref: str) -> UUID:
        return self.refs.key_for("visitor", visitor_ref)

    def visitor(self, visitor_ref: str) -> Visitor | None:
        return self.find(Visitor, self.visitor_id(visitor_ref))

    def resolve(self, sender: Sender, office_id: str, at: datetime) -> tuple[Visitor, list[Any]]:
        """The sender's visitor (new or known) and the new aliases to save with it."""
        raw = sender.identities()
        if not raw:
            raise RuleViolation("sender", "pengirim tanpa identitas / no sender identifier")
        identities = [normalise_identity(identity) for identity in raw]
        alias_ids = [self.refs.key_for("alias", identity) for identity in identities]
        aliases = [self.find(VisitorAlias, alias_id) for alias_id in alias_ids]
        known = next((alias.visitor_ref for alias in aliases if alias is not None), None)
        visitor_ref = known or self.refs.ref_for(raw[0])
        visitor = self.visitor(visitor_ref)
        if visitor is None:
            visitor = Visitor(
                id=self.visitor_id(visitor_ref),
                office_id=office_id,
                occurred_at=at,
                visitor_ref=visitor_ref,
                name=sender.name,
                identifiers=identities,
            )
        else:
            visitor.record_details(sender.name, identities, at)
        new_aliases = [
            VisitorAlias(id=alias_id, office_id=office_id, occurred_at=at, visitor_ref=visitor_ref)
            for alias_id, alias in zip(alias_ids, aliases, strict=True)
            if alias is None
        ]
        return visitor, new_aliases
