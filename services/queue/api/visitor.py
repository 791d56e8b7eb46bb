"""A visitor's own ticket, behind the unguessable link of their ticket's QR code: PUBLIC.

The visitor's status page asks where they stand: their number, the state of their
ticket, how many wait before them and an estimate of the wait, the desk once called.
Nothing else: no visit id, no officer's staff id, no one else's ticket.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from services.queue.api.dependencies import QueueDep
from services.queue.application import QueueApplication
from services.queue.domain.errors import TicketNotFound
from services.queue.domain.ids import ticket_id_for
from services.queue.domain.ticket import WAITING
from services.queue.views import DEFAULT_SERVICE_MINUTES, estimated_wait

router = APIRouter()
VisitToken = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The ticket's link token")]
UNKNOWN = "tautan kunjungan tidak dikenal / unknown visit link"


class VisitorTicketOut(BaseModel):
    number: str
    queue: str
    state: str = Field(description="waiting | called | in_consultation | completed | abandoned")
    position: int | None = Field(description="1 = next to be called; null unless waiting")
    estimated_wait_minutes: float | None = Field(
        description="From the officers on duty and the recent consultations' length; null when "
        "no officer is on duty"
    )
    desk: str | None = Field(description="Where to go, once called")


@router.get(
    "/public/tickets/{token}",
    response_model=VisitorTicketOut,
    tags=["queue: views"],
    summary="Tiket saya (tautan QR tiket; publik) / my ticket, behind my link (public)",
    responses={404: {"description": "Tautan tidak dikenal, atau belum ada tiket"}},
)
def my_ticket(token: VisitToken, app: QueueDep) -> VisitorTicketOut:
    return visitor_ticket(app, token)


def visitor_ticket(app: QueueApplication, token: str) -> VisitorTicketOut:
    visit_id = app.links.visit_of(token) if app.links else None
    if visit_id is None:
        raise TicketNotFound("token", UNKNOWN)
    try:
        ticket = app.get_ticket(ticket_id_for(str(visit_id)))
    except TicketNotFound:
        raise TicketNotFound(
            "token", "belum ada tiket untuk kunjungan ini / no ticket yet"
        ) from None
    position = wait = None
    if ticket.state == WAITING:
        app.board.catch_up()
        waiting = app.board.waiting(ticket.office_id, ticket.queue)
        ids = [entry.ticket_id for entry in waiting]
        if ticket.id in ids:
            position = ids.index(ticket.id) + 1
            mean = app.board.mean_service_minutes(ticket.office_id) or DEFAULT_SERVICE_MINUTES
            wait = estimated_wait(position, app.board.officers(ticket.office_id), mean)
    return VisitorTicketOut(
        number=ticket.number,
        queue=ticket.queue,
        state=ticket.state,
        position=position,
        estimated_wait_minutes=wait,
        desk=ticket.desk if ticket.state != WAITING else None,
    )
