"""What the officer console reads (the waiting-room display's public feed: display.py)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from services.queue.api.dependencies import ERRORS, QueueDep, Staff, Viewer, office_of
from services.queue.api.presenters import (
    board_out,
    officer_on_board_out,
    ticket_out,
    waiting_list_out,
)
from services.queue.api.schemas import BoardOut, OfficerOut, QueueName, TicketOut, WaitingListOut
from standard.instants import ClientInstant

router = APIRouter(responses=ERRORS)

OfficeQuery = Annotated[
    str | None,
    Query(pattern=r"^[0-9]{4}$", description="Kode kantor BPS; default: kantor pemilik token"),
]
AtQuery = Annotated[
    ClientInstant | None,
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
    return waiting_list_out(
        app.waiting_list(
            office, queue, at, viewer=principal.subject, may_act_for=principal.may_act_for
        )
    )


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
    return board_out(app.board_view(office, at, may_act_for=principal.may_act_for))


@router.get(
    "/officers",
    response_model=list[OfficerOut],
    tags=["queue: officers"],
    summary="Petugas dan status tugasnya / officers and their duty",
)
def officers(app: QueueDep, principal: Viewer, office_id: OfficeQuery = None) -> list[OfficerOut]:
    office = office_of(principal, office_id)
    officers = app.officers_view(office, may_act_for=principal.may_act_for)
    return [officer_on_board_out(officer) for officer in officers]


@router.get(
    "/tickets/{ticket_id}",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Satu tiket / one ticket",
)
def ticket(ticket_id: UUID, app: QueueDep, principal: Staff) -> TicketOut:
    return ticket_out(app.get_ticket(ticket_id, may_act_for=principal.may_act_for))
