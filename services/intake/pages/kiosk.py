"""The electronic guest book the visitor fills (/buku-tamu/{token}), on the kiosk or tablet
at reception, or on their phone from the ticket's QR code.

A plain form (works without a script): large choices in Bahasa Indonesia, nothing of the
staff's and nothing personal shown. After sending, a thank-you page resets itself to the
waiting screen (/buku-tamu) for the next visitor.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from infra.pages import render
from services.intake.api.dependencies import IntakeDep
from services.intake.api.schemas import GuestBookIn
from services.intake.application import VisitNotFound
from services.intake.domain.visit import GuestBookEntry, VisitClosed
from services.intake.pages.words import GUEST_BOOK_QUESTIONS, choices
from standard.errors import Conflict

router = APIRouter()
RESET_SECONDS = 8  # the thank-you page returns to the waiting screen after this
Token = Annotated[str, Path(max_length=80)]


def questions() -> list[dict[str, object]]:
    return [
        {"field": field, "label": label, "label_en": label_en, "choices": choices(field)}
        for field, label, label_en in GUEST_BOOK_QUESTIONS
    ]


def gone(status: int, title: str, text: str, subtitle: str) -> HTMLResponse:
    return render(
        "intake/guest_book_done.html.j2",
        status,
        title=title,
        text=text,
        subtitle=subtitle,
        reset_seconds=RESET_SECONDS,
    )


@router.get("/buku-tamu", include_in_schema=False)
def kiosk_idle(app: IntakeDep) -> HTMLResponse:
    """The kiosk between visitors: nothing of anyone."""
    settings = app.offices.settings(app.offices.home)
    return render("intake/guest_book_idle.html.j2", office=settings.name)


@router.get("/buku-tamu/{token}", include_in_schema=False)
def guest_book_page(token: Token, app: IntakeDep) -> HTMLResponse:
    try:
        visit = app.public_visit(token)
    except VisitNotFound:
        return unknown_link()
    if visit.guest_book_signed or visit.departed:
        return already_signed()
    settings = app.offices.settings(visit.office_id)
    return render(
        "intake/guest_book.html.j2",
        office=settings.name,
        token=token,
        ticket=visit.queue.ticket if visit.queue else None,
        questions=questions(),
        errors={},
        chosen={},
    )


@router.post("/buku-tamu/{token}", include_in_schema=False)
async def sign_guest_book(token: Token, request: Request, app: IntakeDep) -> HTMLResponse:
    form = await request.form()
    values = {field: form.get(field) or None for field, _, _ in GUEST_BOOK_QUESTIONS}
    note = form.get("note")
    try:
        body = GuestBookIn.model_validate({**values, "note": note or None})
        entry = GuestBookEntry(**body.model_dump(exclude={"occurred_at"}, mode="json"))
        visit = app.sign_guest_book_by_link(token, entry)
    except VisitNotFound:
        return unknown_link()
    except (VisitClosed, Conflict):
        return already_signed()
    except ValidationError as exc:
        errors = {str(e["loc"][0]): "Pilihan tidak dikenal" for e in exc.errors()}
        settings = app.offices.settings(app.offices.home)
        return render(
            "intake/guest_book.html.j2",
            422,
            office=settings.name,
            token=token,
            ticket=None,
            questions=questions(),
            errors=errors,
            chosen=values,
        )
    ticket = visit.queue.ticket if visit.queue else None
    text = "Silakan duduk di ruang tunggu; nomor Anda akan dipanggil di layar."
    if ticket:
        text = f"Silakan duduk di ruang tunggu; nomor {ticket} akan dipanggil di layar."
    return gone(200, "Terima kasih, buku tamu sudah terisi", text, "Thank you")


def unknown_link() -> HTMLResponse:
    return gone(
        404,
        "Tautan tidak dikenal",
        "Minta resepsionis membuka buku tamu untuk Anda, atau pindai QR pada tiket.",
        "Unknown link",
    )


def already_signed() -> HTMLResponse:
    return gone(
        409,
        "Buku tamu kunjungan ini sudah diisi",
        "Terima kasih. Tidak perlu mengisi lagi.",
        "Already signed",
    )
