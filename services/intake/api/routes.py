"""HTTP routes of intake: thin, one application call each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from hub.security import Principal, Role, check_office, require
from services.intake.api.schemas import VisitCreated, WalkInArrival
from services.intake.application import IntakeApplication


def intake_app(request: Request) -> IntakeApplication:
    return request.app.state.services["intake"].application


IntakeDep = Annotated[IntakeApplication, Depends(intake_app)]
Receptionist = Annotated[Principal, require(Role.RECEPTIONIST)]

router = APIRouter(prefix="/api/intake", tags=["intake"])


@router.post(
    "/walk-ins",
    status_code=status.HTTP_201_CREATED,
    response_model=VisitCreated,
    summary="Daftarkan kedatangan pengunjung (walk-in) / register a walk-in arrival",
)
def register_walk_in(body: WalkInArrival, app: IntakeDep, principal: Receptionist) -> VisitCreated:
    check_office(principal, body.office_id)
    profile = body.visitor.model_dump(exclude={"name"}, exclude_none=True)
    visit_id = app.register_walk_in(
        office_id=body.office_id,
        identity=body.identity_card.number,
        profile=profile,
        occurred_at=body.occurred_at,
        purpose=body.purpose,
    )
    visit = app.get_visit(visit_id)
    return VisitCreated(visit_id=visit.id, channel=visit.channel, arrived_at=visit.arrived_at)
