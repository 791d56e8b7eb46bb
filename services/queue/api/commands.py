"""Officer console commands: duty and serving. Thin: one application call each."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter

from infra.idempotency import idempotent_writes
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
from services.queue.application import DutyChangeKind, QueueApplication
from services.queue.domain.ticket import Ticket

router = APIRouter(responses=ERRORS, route_class=idempotent_writes(QueueApplication))


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


DUTY_CHANGES: tuple[tuple[str, DutyChangeKind, str], ...] = (
    ("/officers/sign-off", "sign_off", "Petugas keluar tugas / signs off (with no ticket in hand)"),
    ("/officers/break", "start_break", "Petugas mulai istirahat / an officer starts a break"),
    ("/officers/break/end", "end_break", "Petugas kembali dari istirahat / back from a break"),
)


def duty_route(change: DutyChangeKind) -> Callable[..., OfficerOut]:
    def route(body: DutyChange, app: QueueDep, principal: Staff) -> OfficerOut:
        officer_id = acting_officer(principal, body.officer_id)
        officer = app.change_duty(
            change, body.office_id, officer_id, body.occurred_at, may_act_for=principal.may_act_for
        )
        return officer_out(officer)

    route.__name__ = change
    return route


for path, change, summary in DUTY_CHANGES:
    router.post(path, response_model=OfficerOut, tags=["queue: officers"], summary=summary)(
        duty_route(change)
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


TicketStepCall = Callable[..., Ticket]
TICKET_STEPS: tuple[tuple[str, TicketStepCall, str], ...] = (
    (
        "/tickets/{ticket_id}/recall",
        QueueApplication.recall,
        "Panggil ulang / recall a called visitor",
    ),
    (
        "/tickets/{ticket_id}/start",
        QueueApplication.start,
        "Mulai konsultasi / start the consultation",
    ),
)


def step_route(step: TicketStepCall) -> Callable[..., TicketOut]:
    def route(ticket_id: UUID, body: TicketStep, app: QueueDep, principal: Staff) -> TicketOut:
        officer_id = acting_officer(principal, body.officer_id)
        ticket = step(
            app,
            body.office_id,
            ticket_id,
            officer_id,
            body.occurred_at,
            may_act_for=principal.may_act_for,
        )
        return ticket_out(ticket)

    route.__name__ = step.__name__
    return route


for path, step, summary in TICKET_STEPS:
    router.post(path, response_model=TicketOut, tags=["queue: serving"], summary=summary)(
        step_route(step)
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
