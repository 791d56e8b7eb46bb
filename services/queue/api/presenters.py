"""Aggregates and read models -> response schemas."""

from __future__ import annotations

from services.queue.api.schemas import (
    BoardOut,
    OfficerOut,
    StandardOut,
    TicketOut,
    WaitingListOut,
    WaitingOut,
)
from services.queue.board_entries import OfficerOnBoard
from services.queue.domain.officer import Officer
from services.queue.domain.ticket import Ticket
from services.queue.views import BoardView, WaitingEntry, WaitingList


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        ticket_id=ticket.id,
        visit_id=ticket.visit_id,
        office_id=ticket.office_id,
        queue=ticket.queue,
        channel=ticket.channel,
        number=ticket.number,
        state=ticket.state,  # type: ignore[arg-type]
        officer_id=ticket.officer_id,
        desk=ticket.desk,
        arrived_at=ticket.arrived_at,
        called_at=ticket.called_at,
        started_at=ticket.started_at,
        completed_at=ticket.completed_at,
        outcome=ticket.outcome,
        abandon_reason=ticket.abandon_reason,
    )


def officer_out(officer: Officer) -> OfficerOut:
    return OfficerOut(
        office_id=officer.office_id,
        officer_id=officer.officer_id,
        status=officer.status,  # type: ignore[arg-type]
        desk=officer.desk,
        serving_ticket_id=officer.serving,
        since=officer.last_at,
    )


def officer_on_board_out(officer: OfficerOnBoard) -> OfficerOut:
    return OfficerOut(
        office_id=officer.office_id,
        officer_id=officer.officer_id,
        status=officer.status,  # type: ignore[arg-type]
        desk=officer.desk,
        serving_ticket_id=officer.serving,
        since=officer.since,
        last_completed_at=officer.last_completed_at,
    )


def waiting_out(entry: WaitingEntry) -> WaitingOut:
    ticket, clock = entry.ticket, entry.standard
    return WaitingOut(
        ticket_id=ticket.ticket_id,
        visit_id=ticket.visit_id,
        number=ticket.number,
        channel=ticket.channel,
        arrived_at=ticket.arrived_at,
        position=entry.position,
        estimated_wait_minutes=entry.estimated_wait_minutes,
        standard=StandardOut(
            limit_minutes=clock.limit_minutes,
            clock_started_at=clock.started_at,
            waited_minutes=clock.waited_minutes,
            minutes_left=clock.minutes_left,
            breached=clock.breached,
            call_now=clock.call_now,
        ),
    )


def waiting_list_out(view: WaitingList) -> WaitingListOut:
    return WaitingListOut(
        office_id=view.office_id,
        queue=view.queue,
        at=view.at,
        officers_on_duty=view.officers_on_duty,
        mean_service_minutes=view.mean_service_minutes,
        waiting=[waiting_out(entry) for entry in view.entries],
    )


def board_out(view: BoardView) -> BoardOut:
    # The read models carry the schema's names: pydantic reads their attributes.
    return BoardOut.model_validate(view, from_attributes=True)
