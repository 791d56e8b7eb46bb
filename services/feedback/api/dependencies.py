"""Dependencies shared by the feedback routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from infra.security import Principal, Role, require
from services.feedback.application import FeedbackApplication
from services.feedback.rate_limit import public_rate_limit


def feedback_app(request: Request) -> FeedbackApplication:
    return request.app.state.services["feedback"].application


FeedbackDep = Annotated[FeedbackApplication, Depends(feedback_app)]
FrontDesk = Annotated[Principal, require(Role.RECEPTIONIST, Role.OFFICER)]
Supervisor = Annotated[Principal, require(Role.SUPERVISOR)]
RATE_LIMITED = [Depends(public_rate_limit)]


Responses = dict[int | str, dict[str, Any]]


def error(description: str) -> dict[str, Any]:
    return {"description": description}
