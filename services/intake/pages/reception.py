"""The receptionist's pages: the desk (/resepsionis), the printable ticket of a walk-in
(/resepsionis/tiket/{visit_id}) and the end-of-day list of cards not returned
(/resepsionis/kartu).

The desk is a shell whose script calls intake's JSON API through the kit's `PST.api`
(session cookie and CSRF token): it registers the walk-in, then follows the visit until
the queue has assigned its ticket number (the queue numbers it asynchronously; the page
shows "menunggu" until then and never makes one up).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import segno
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from infra.security import Principal, Role, require_page
from services.intake.api.dependencies import IntakeDep
from services.intake.pages.words import (
    DOCUMENT_TYPES,
    STATES,
    choices,
    local_date_time,
    local_time,
)
from standard.wording import long_date, zone_name

router = APIRouter()
DeskPerson = Annotated[Principal, require_page(Role.RECEPTIONIST)]
POLL_MS = 700  # how often the desk asks whether the queue has numbered the ticket


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI (the CSP allows `img-src data:`)."""
    code = segno.make(url, error="m")
    return str(code.svg_data_uri(scale=4, border=2, dark="#000", light="#fff"))


@router.get("/resepsionis", include_in_schema=False)
def reception_page(request: Request, app: IntakeDep, principal: DeskPerson) -> HTMLResponse:
    settings = app.offices.settings(principal.office_id)
    return render(
        "intake/reception.html.j2",
        request=request,
        office_id=principal.office_id,
        office_name=settings.name,
        time_zone=settings.time_zone,
        zone=zone_name(settings.time_zone),
        document_types=DOCUMENT_TYPES,
        purposes=choices("purpose_of_use"),
        states={code: label for code, (label, _) in STATES.items()},
        poll_ms=POLL_MS,
    )


@router.get("/resepsionis/tiket/{visit_id}", include_in_schema=False)
def ticket_page(
    visit_id: UUID, request: Request, app: IntakeDep, principal: DeskPerson
) -> HTMLResponse:
    """The walk-in's ticket, to print on the desk's (thermal) printer."""
    view = app.visit_view(visit_id, may_act_for=principal.may_act_for)
    settings = app.offices.settings(view.office_id)
    ticket = view.queue.ticket if view.queue else None
    return render(
        "intake/ticket.html.j2",
        request=request,
        office_name=settings.name,
        ticket=ticket,
        visit_id=view.visit_id,
        arrived=local_date_time(view.arrived_at, settings.time_zone),
        card=view.identity_card,
        status_url=view.status_url,
        qr=qr_data_uri(view.status_url) if view.status_url else None,
        complaint_url=app.links.url("/pengaduan") if app.links else "/pengaduan",
    )


@router.get("/resepsionis/kartu", include_in_schema=False)
def unreturned_page(
    request: Request,
    app: IntakeDep,
    principal: DeskPerson,
    day: Annotated[date | None, Query(alias="tanggal")] = None,
) -> HTMLResponse:
    """The end-of-day list: cards still at reception, with the visitors' names and contacts."""
    office_id = principal.office_id
    settings = app.offices.settings(office_id)
    when, cards = app.unreturned_cards(
        office_id, day, may_act_for=principal.may_act_for, with_contacts=True
    )
    rows = [
        {
            "card": card,
            "deposited": local_time(card.deposited_at, settings.time_zone),
            "name": card.contact.name if card.contact else None,
            "phone": card.contact.phone if card.contact else None,
            "email": card.contact.email if card.contact else None,
        }
        for card in cards
    ]
    return render(
        "intake/unreturned.html.j2",
        request=request,
        office_name=settings.name,
        day=when,
        day_text=long_date(when),
        rows=rows,
    )
