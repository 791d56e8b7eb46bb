"""Dependencies shared by the feedback routes."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

from infra.security import Principal, Role, require
from infra.service import provided
from services.feedback.application import FeedbackApplication
from services.feedback.container import FeedbackContainer

FeedbackDep = Annotated[FeedbackApplication, Depends(provided(FeedbackApplication))]
Parts = Annotated[FeedbackContainer, Depends(provided(FeedbackContainer))]


def public_rate_limit(request: Request, parts: Parts) -> None:
    """FastAPI dependency of every public feedback endpoint."""
    wait = parts.limiter.take(request.client.host if request.client else "unknown")
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="Terlalu banyak permintaan; coba lagi nanti / too many requests",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


FrontDesk = Annotated[Principal, require(Role.RECEPTIONIST, Role.OFFICER)]
Supervisor = Annotated[Principal, require(Role.SUPERVISOR)]
RATE_LIMITED = [Depends(public_rate_limit)]


Responses = dict[int | str, dict[str, Any]]


def error(description: str) -> dict[str, Any]:
    return {"description": description}
