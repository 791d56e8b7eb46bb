"""The visitor's own status page (/kunjungan/{token}, the ticket's QR code): their ticket
number, place in the queue and estimated wait, the desk once called, then the survey.

No personal data: the link names a visit, not a person. The page's script follows three
public answers behind the same link: intake's (ticket, state), the queue's (place in
line, estimate) and, once the consultation is over, feedback's (the survey link).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from infra.pages import render
from services.intake.api.dependencies import IntakeDep
from services.intake.application import VisitNotFound
from services.intake.pages.words import STATES, local_time

router = APIRouter()
Token = Annotated[str, Path(max_length=80)]
POLL_MS = 5000


@router.get("/kunjungan/{token}", include_in_schema=False)
def status_page(token: Token, app: IntakeDep) -> HTMLResponse:
    try:
        visit = app.public_visit(token)
    except VisitNotFound:
        return render(
            "message.html.j2",
            404,
            title="Tautan kunjungan tidak dikenal",
            subtitle="Unknown visit link",
            text="Periksa kembali QR pada tiket Anda, atau tanyakan ke resepsionis.",
        )
    settings = app.offices.settings(visit.office_id)
    state = "departed" if visit.departed else (visit.queue.state if visit.queue else "registered")
    return render(
        "intake/status.html.j2",
        office=settings.name,
        token=token,
        ticket=visit.queue.ticket if visit.queue else None,
        state=state,
        state_label=STATES[state][0],
        desk=visit.queue.desk if visit.queue else None,
        arrived=local_time(visit.arrived_at, settings.time_zone),
        guest_book_signed=visit.guest_book_signed,
        states={code: label for code, (label, _) in STATES.items()},
        poll_ms=POLL_MS,
    )
