"""The intake use cases: every channel's arrival, and the front office of a visit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import ProcessRecorder

from services.intake.domain.visit import Visit
from standard.errors import NotFound
from services.intake.visitor_ref import VisitorRefs


class VisitNotFound(NotFound):
    pass


class IntakeApplication(Application[UUID]):
    name = "intake"

    def __init__(self, env: dict[str, str] | None = None, *, refs: VisitorRefs) -> None:
        super().__init__(env)
        self.refs = refs

    def construct_recorder(self) -> ProcessRecorder:
        # A process recorder also keeps tracking rows: the relay's position lives there.
        return self.factory.process_recorder()

    def register_walk_in(
        self,
        *,
        office_id: str,
        identity: str,
        profile: dict[str, Any],
        occurred_at: datetime | None = None,
        purpose: str | None = None,
    ) -> UUID:
        visit = Visit(
            office_id=office_id,
            channel="walk_in",
            visitor_ref=self.refs.ref_for(identity),
            profile=profile,
            occurred_at=occurred_at or datetime.now(UTC),
            purpose=purpose,
        )
        self.save(visit)
        return visit.id

    def get_visit(self, visit_id: UUID) -> Visit:
        try:
            return self.repository.get(visit_id)
        except AggregateNotFoundError:
            raise VisitNotFound("visit_id", f"no visit {visit_id}") from None
