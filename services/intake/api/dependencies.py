"""FastAPI dependencies of intake's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from infra.openapi import answers
from infra.security import Principal, Role, require
from infra.service import provided
from services.intake.application import IntakeApplication
from services.intake.channels.base import RawInbound
from services.intake.container import IntakeContainer
from services.intake.inbox import Inbox


def intake_inbox(
    parts: Annotated[IntakeContainer, Depends(provided(IntakeContainer))],
) -> Inbox:
    return parts.inbox


@answers(400, 401, 503)  # malformed, a wrong signature, a channel not configured
async def raw_inbound(request: Request) -> RawInbound:
    """The request exactly as received: a signature covers these bytes, not a re-encoding."""
    return RawInbound(
        body=await request.body(),
        headers={name.lower(): value for name, value in request.headers.items()},
        query=dict(request.query_params),
    )


IntakeDep = Annotated[IntakeApplication, Depends(provided(IntakeApplication))]
InboxDep = Annotated[Inbox, Depends(intake_inbox)]
RawDep = Annotated[RawInbound, Depends(raw_inbound)]
Receptionist = Annotated[Principal, require(Role.RECEPTIONIST)]
FrontOffice = Annotated[Principal, require(Role.RECEPTIONIST, Role.OFFICER)]
Staff = Annotated[Principal, require(Role.RECEPTIONIST, Role.OFFICER, Role.SUPERVISOR)]
CardKeepers = Annotated[Principal, require(Role.RECEPTIONIST, Role.SUPERVISOR)]
ChannelClient = Annotated[Principal, require(Role.CHANNEL)]
