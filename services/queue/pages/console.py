"""The officer console: a staff page for the signed-in officer (their session cookie, or a
bearer token), whose scripts call the queue's JSON API through the kit's `PST.api` (the
same cookie and its CSRF token), and the session read it starts from.

The officer is whoever is signed in: the page carries their subject and office (data
attributes, from the principal) and never asks for a token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from infra.pages import render
from infra.security import Principal, Role, require_page
from services.queue.api.dependencies import ERRORS, QueueDep, Staff
from services.queue.api.presenters import officer_on_board_out
from services.queue.api.schemas import OfficerOut
from standard.wording import TOPICS

router = APIRouter()


class SessionOut(BaseModel):
    subject: str = Field(description="Yang masuk: id petugas / the signed-in officer")
    roles: list[str]
    office_id: str
    office_name: str
    time_zone: str
    officer: OfficerOut | None = Field(description="Status tugasnya; null bila belum pernah")


ConsolePerson = Annotated[Principal, require_page(Role.OFFICER, Role.SUPERVISOR)]


@router.get("/petugas", include_in_schema=False)
def console_page(request: Request, app: QueueDep, principal: ConsolePerson) -> HTMLResponse:
    """The console of the signed-in officer (or supervisor, as `/api/queue/me`); without a
    session the browser is sent to /masuk."""
    settings = app.offices.settings(principal.office_id)
    return render(
        "queue/console.html.j2",
        request=request,
        topics=TOPICS,
        subject=principal.subject,
        office_id=principal.office_id,
        office_name=settings.name,
    )


@router.get(
    "/api/queue/me",
    response_model=SessionOut,
    tags=["queue: officers"],
    summary="Sesi konsol: petugas yang masuk dan status tugasnya / the console's session",
    responses={key: ERRORS[key] for key in (403,)},
)
def session(app: QueueDep, principal: Staff) -> SessionOut:
    office = principal.office_id
    settings = app.offices.settings(office)
    app.board.catch_up()
    officer = app.board.officer(office, principal.subject)
    return SessionOut(
        subject=principal.subject,
        roles=sorted(principal.roles),
        office_id=office,
        office_name=settings.name,
        time_zone=settings.time_zone,
        officer=officer_on_board_out(officer) if officer else None,
    )
