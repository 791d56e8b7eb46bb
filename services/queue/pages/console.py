"""The officer console: one page whose scripts call the queue's JSON API with the officer's
bearer token (kept in the tab's sessionStorage), and the session read it starts from."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from infra.pages import render
from services.queue.api.dependencies import ERRORS, QueueDep, Staff
from services.queue.api.presenters import officer_on_board_out
from services.queue.api.schemas import OfficerOut
from standard.wording import TOPICS

router = APIRouter()


class SessionOut(BaseModel):
    subject: str = Field(description="Pemilik token: id petugas / the token's holder")
    roles: list[str]
    office_id: str
    office_name: str
    time_zone: str
    officer: OfficerOut | None = Field(description="Status tugasnya; null bila belum pernah")


@router.get("/petugas", include_in_schema=False)
def console_page(request: Request) -> HTMLResponse:
    return render("queue/console.html.j2", request=request, topics=TOPICS)


@router.get(
    "/api/queue/me",
    response_model=SessionOut,
    tags=["queue: officers"],
    summary="Sesi konsol: pemilik token dan status tugasnya / the console's session",
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
