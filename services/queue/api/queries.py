"""What the officer console and the waiting-room display read."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from hub.security import check_office
from services.queue.api.dependencies import ERRORS, QueueDep, Staff, Viewer, office_of
from services.queue.api.display import DisplayFeed, FeedBounds
from services.queue.api.presenters import (
    board_out,
    officer_on_board_out,
    ticket_out,
    waiting_list_out,
)
from services.queue.api.schemas import BoardOut, OfficerOut, QueueName, TicketOut, WaitingListOut

router = APIRouter(responses=ERRORS)

OfficeQuery = Annotated[
    str | None,
    Query(pattern=r"^[0-9]{4}$", description="Kode kantor BPS; default: kantor pemilik token"),
]
AtQuery = Annotated[
    AwareDatetime | None,
    Query(description="Lihat keadaan pada saat ini (ISO-8601 + offset); default: sekarang"),
]


@router.get(
    "/queues/{queue}",
    response_model=WaitingListOut,
    tags=["queue: views"],
    summary="Daftar tunggu: posisi, perkiraan tunggu, sisa menit standar / the waiting list",
    description="Untuk tiap pengunjung: posisi, perkiraan waktu tunggu (dari lama layanan "
    "terakhir dan petugas bertugas) dan sisa menit kerja sebelum standar 10 menit terlampaui. "
    "Dilihat oleh petugas yang bertugas, jam standar memakai penyelesaian terakhirnya sendiri.",
)
def waiting(
    queue: QueueName,
    app: QueueDep,
    principal: Viewer,
    office_id: OfficeQuery = None,
    at: AtQuery = None,
) -> WaitingListOut:
    office = office_of(principal, office_id)
    check_office(principal, office)
    return waiting_list_out(app.waiting_list(office, queue, at, viewer=principal.subject))


@router.get(
    "/board",
    response_model=BoardOut,
    tags=["queue: views"],
    summary="Papan antrean: dilayani, menunggu, peringatan / the queue board with alerts",
)
def board(
    app: QueueDep, principal: Viewer, office_id: OfficeQuery = None, at: AtQuery = None
) -> BoardOut:
    office = office_of(principal, office_id)
    check_office(principal, office)
    return board_out(app.board_view(office, at))


@router.get(
    "/officers",
    response_model=list[OfficerOut],
    tags=["queue: officers"],
    summary="Petugas dan status tugasnya / officers and their duty",
)
def officers(app: QueueDep, principal: Viewer, office_id: OfficeQuery = None) -> list[OfficerOut]:
    office = office_of(principal, office_id)
    check_office(principal, office)
    app.board.catch_up()
    return [officer_on_board_out(officer) for officer in app.board.officers(office)]


@router.get(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Satu tiket / one ticket",
)
def ticket(ticket_id: UUID, app: QueueDep, principal: Staff) -> TicketOut:
    found = app.get_ticket(ticket_id)
    check_office(principal, found.office_id)
    return ticket_out(found)


@router.get(
    "/display/events",
    tags=["queue: views"],
    summary="Siaran langsung layar ruang tunggu (SSE) / live feed of the waiting-room display",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "board, called"}},
)
def display_events(
    app: QueueDep,
    principal: Viewer,
    office_id: OfficeQuery = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    seconds: Annotated[float | None, Query(gt=0, le=86_400)] = None,
    poll_seconds: Annotated[float, Query(ge=0.05, le=30)] = 1.0,
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
) -> StreamingResponse:
    office = office_of(principal, office_id)
    check_office(principal, office)
    bounds = FeedBounds(limit=limit, seconds=seconds, poll_seconds=poll_seconds)
    return StreamingResponse(
        DisplayFeed(app, office, last_event_id, bounds).events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
