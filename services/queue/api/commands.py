"""Officer console commands: duty and serving. Thin: one application call each."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.queue.api.dependencies import ERRORS, QueueDep, Staff, acting_officer, supervises
from services.queue.api.presenters import officer_out, ticket_out
from services.queue.api.schemas import (
    Abandon,
    CallNext,
    Complete,
    DutyChange,
    OfficerOut,
    SignOn,
    TicketOut,
    TicketStep,
    Transfer,
)

router = APIRouter(responses=ERRORS)


@router.post(
    "/officers/sign-on",
    response_model=OfficerOut,
    tags=["queue: officers"],
    summary="Petugas masuk tugas di meja layanan / an officer signs on at a desk",
)
def sign_on(body: SignOn, app: QueueDep, principal: Staff) -> OfficerOut:
    officer_id = acting_officer(principal, body.officer_id)
    return officer_out(
        app.sign_on(
            body.office_id,
            officer_id,
            body.desk,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/officers/sign-off",
    response_model=OfficerOut,
    tags=["queue: officers"],
    summary="Petugas keluar tugas / an officer signs off (with no ticket in hand)",
)
def sign_off(body: DutyChange, app: QueueDep, principal: Staff) -> OfficerOut:
    officer_id = acting_officer(principal, body.officer_id)
    return officer_out(
        app.sign_off(
            body.office_id, officer_id, body.occurred_at, may_act_for=principal.may_act_for
        )
    )


@router.post(
    "/officers/break",
    response_model=OfficerOut,
    tags=["queue: officers"],
    summary="Petugas mulai istirahat / an officer starts a break",
)
def start_break(body: DutyChange, app: QueueDep, principal: Staff) -> OfficerOut:
    officer_id = acting_officer(principal, body.officer_id)
    return officer_out(
        app.start_break(
            body.office_id, officer_id, body.occurred_at, may_act_for=principal.may_act_for
        )
    )


@router.post(
    "/officers/break/end",
    response_model=OfficerOut,
    tags=["queue: officers"],
    summary="Petugas kembali dari istirahat / an officer comes back from a break",
)
def end_break(body: DutyChange, app: QueueDep, principal: Staff) -> OfficerOut:
    officer_id = acting_officer(principal, body.officer_id)
    return officer_out(
        app.end_break(
            body.office_id, officer_id, body.occurred_at, may_act_for=principal.may_act_for
        )
    )


@router.post(
    "/call-next",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Panggil pengunjung berikutnya (terlama menunggu) / call the oldest waiting visitor",
    description="Dua petugas yang memanggil bersamaan tidak pernah mendapat pengunjung yang "
    "sama. / Two officers calling at once never get the same visitor. 404 when nobody waits.",
)
def call_next(body: CallNext, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = acting_officer(principal, body.officer_id)
    return ticket_out(
        app.call_next(
            body.office_id,
            body.queue,
            officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/tickets/{ticket_id}/recall",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Panggil ulang / recall a called visitor",
)
def recall(ticket_id: UUID, body: TicketStep, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = acting_officer(principal, body.officer_id)
    return ticket_out(
        app.recall(
            body.office_id,
            ticket_id,
            officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/tickets/{ticket_id}/start",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Mulai konsultasi / start the consultation",
)
def start(ticket_id: UUID, body: TicketStep, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = acting_officer(principal, body.officer_id)
    return ticket_out(
        app.start(
            body.office_id,
            ticket_id,
            officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/tickets/{ticket_id}/complete",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Selesaikan konsultasi dengan hasilnya / complete it with its outcome",
)
def complete(ticket_id: UUID, body: Complete, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = acting_officer(principal, body.officer_id)
    outcome = body.outcome.model_dump()
    return ticket_out(
        app.complete(
            body.office_id,
            ticket_id,
            officer_id,
            outcome,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/tickets/{ticket_id}/transfer",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Alihkan ke petugas lain / transfer to another officer (on duty, hands free)",
)
def transfer(ticket_id: UUID, body: Transfer, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = acting_officer(principal, body.officer_id)
    return ticket_out(
        app.transfer(
            body.office_id,
            ticket_id,
            officer_id,
            body.to_officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )


@router.post(
    "/tickets/{ticket_id}/abandon",
    response_model=TicketOut,
    tags=["queue: serving"],
    summary="Tandai tidak hadir / pergi / batal — mark no-show, left or cancelled",
    description="Tiket yang sudah dipanggil hanya oleh petugas pemegangnya (atau supervisor). "
    "/ A called ticket only by the officer holding it (or a supervisor).",
)
def abandon(ticket_id: UUID, body: Abandon, app: QueueDep, principal: Staff) -> TicketOut:
    officer_id = (
        None
        if supervises(principal) and body.officer_id is None
        else (acting_officer(principal, body.officer_id))
    )
    return ticket_out(
        app.abandon(
            body.office_id,
            ticket_id,
            body.reason,
            officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
    )
