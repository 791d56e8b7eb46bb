"""Identity cards in the receptionist's custody, for the end-of-day list.

A small projection of intake's own notification log: it reads only the deposit and
return events (selected by topic) from where it stopped, each time it is asked, so
every API process answers from the shared store without a table of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from infra.follower import LogView
from services.intake.domain.visit import Visit
from services.intake.read_models import HeldCard


class CardCustody(LogView):
    def __init__(self, app: Application[Any]) -> None:
        topics = (
            get_topic(Visit.IdentityCardDeposited),  # type: ignore[attr-defined]
            get_topic(Visit.IdentityCardReturned),  # type: ignore[attr-defined]
        )
        super().__init__(app, topics)
        self.cards: dict[UUID, HeldCard] = {}

    def unreturned(self, office_id: str, at: datetime) -> list[HeldCard]:
        """Cards of the office deposited before `at` and not returned by then, oldest first."""
        with self.lock:
            self.catch_up()
            held = [
                card
                for card in self.cards.values()
                if card.office_id == office_id
                and card.deposited_at < at
                and (card.returned_at is None or card.returned_at >= at)
            ]
        return sorted(held, key=lambda card: card.deposited_at)

    def apply(self, domain_event: Any, position: int) -> None:
        visit_id = domain_event.originator_id
        if isinstance(domain_event, Visit.IdentityCardDeposited):  # type: ignore[attr-defined]
            self.cards[visit_id] = HeldCard(
                visit_id=visit_id,
                office_id=domain_event.office_id,
                document_type=domain_event.document_type,
                document_last4=domain_event.last4,
                deposited_at=domain_event.occurred_at,
            )
        elif visit_id in self.cards:
            returned_at = domain_event.occurred_at
            self.cards[visit_id] = replace(self.cards[visit_id], returned_at=returned_at)
