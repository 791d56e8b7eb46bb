"""Reception routes: walk-in arrival, guest book, identity card custody, departure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body, Query, status

from infra.idempotency import idempotent_writes
from infra.roles import Principal, Role
from infra.security import require
from services.intake.api.dependencies import (
    CardKeepers,
    InboxDep,
    IntakeDep,
    RawDep,
    Receptionist,
    Staff,
)
from services.intake.api.openapi import json_body
from services.intake.api.schemas import (
    ArrivalOut,
    DeskDayOut,
    DeskVisitOut,
    EventTime,
    GuestBookIn,
    HeldCardOut,
    UnreturnedCardsOut,
    VisitOut,
)
from services.intake.application import IntakeApplication
from services.intake.channels.walk_in import WalkInArrival
from services.intake.domain.visit import GuestBookEntry
from services.intake.read_models import VisitView
from standard.instants import ClientDate

router = APIRouter(route_class=idempotent_writes(IntakeApplication))
OptionalTime = Annotated[EventTime | None, Body()]


@router.post(
    "/walk-ins",
    status_code=status.HTTP_201_CREATED,
    response_model=ArrivalOut,
    summary="Daftarkan kedatangan pengunjung (walk-in) / register a walk-in arrival",
    description=(
        "Resepsionis mencatat kedatangan dan menyimpan kartu identitas (KTP, SIM, PASPOR, "
        "OTHER; nomor diperiksa bentuknya, disimpan terenkripsi, hanya 4 digit terakhir "
        "ditampilkan). Tanpa kartu identitas ditolak (422, `identity_card`). Di luar jam "
        "layanan tetap dicatat, dengan `notice`. / The receptionist records the arrival and "
        "keeps the identity card; refused without one; outside hours recorded with a notice."
    ),
    openapi_extra=json_body(WalkInArrival),
)
def register_walk_in(raw: RawDep, inbox: InboxDep, principal: Receptionist) -> ArrivalOut:
    [received] = inbox.receive("walk_in", raw, principal.may_act_for)
    return ArrivalOut.of(received)


@router.post(
    "/visits/{visit_id}/guest-book",
    response_model=VisitOut,
    summary="Isi buku tamu elektronik / sign the electronic guest book",
    description="Kategori dari katalog (GET /api/intake/catalogues); `note` tetap di intake.",
)
def sign_guest_book(
    visit_id: UUID, body: GuestBookIn, app: IntakeDep, principal: Receptionist
) -> VisitOut:
    entry = GuestBookEntry(**body.model_dump(exclude={"occurred_at"}, mode="json"))
    view = app.sign_guest_book(
        visit_id, entry, occurred_at=body.occurred_at, may_act_for=principal.may_act_for
    )
    return VisitOut.of(view)


def desk_step(
    path: str, use_case: str, roles: tuple[Role, ...], summary: str, description: str = ""
) -> None:
    """A step of a visit at the desk (`use_case` of the application), at the instant given
    or now, by the roles given: one route each."""

    def step(
        visit_id: UUID,
        app: IntakeDep,
        principal: Principal = require(*roles),
        body: OptionalTime = None,
    ) -> VisitOut:
        occurred_at = body.occurred_at if body else None
        run: Callable[..., VisitView] = getattr(app, use_case)
        return VisitOut.of(
            run(visit_id, occurred_at=occurred_at, may_act_for=principal.may_act_for)
        )

    step.__name__ = use_case
    router.post(path, response_model=VisitOut, summary=summary, description=description)(step)


desk_step(
    "/visits/{visit_id}/identity-card/return",
    "return_identity_card",
    (Role.RECEPTIONIST,),
    "Kembalikan kartu identitas / return the identity card",
)
desk_step(
    "/visits/{visit_id}/departure",
    "depart",
    (Role.RECEPTIONIST, Role.OFFICER),
    "Catat kepulangan pengunjung / record the visitor's departure",
    "Kartu identitas harus sudah dikembalikan (409 `identity_card` bila belum).",
)
desk_step(
    "/visits/{visit_id}/check-out",
    "check_out",
    (Role.RECEPTIONIST,),
    "Kembalikan kartu dan catat kepulangan sekaligus / return the card and depart",
    "Satu langkah di meja resepsionis: kartu identitas dikembalikan (bila masih disimpan) dan "
    "kepulangan dicatat, dalam satu penyimpanan (keduanya atau tidak sama sekali). 409 bila "
    "pengunjung sudah pulang. / Both in one atomic write.",
)


@router.get(
    "/front-desk/visits",
    response_model=DeskDayOut,
    summary="Kunjungan langsung hari ini / the reception desk's walk-ins of the day",
    description=(
        "Terbaru di atas, dengan nomor antrean, status (menunggu, dipanggil, dalam "
        "konsultasi, selesai) dan kartu (disimpan atau dikembalikan). `q` mencari nama atau "
        "4 digit terakhir kartu. / Newest first; `q` matches a name or a card's last 4."
    ),
)
def front_desk_visits(
    app: IntakeDep,
    principal: Receptionist,
    office_id: Annotated[str, Query(pattern=r"^[0-9]{4}$")],
    day: Annotated[ClientDate | None, Query(alias="date")] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> DeskDayOut:
    when, visits = app.desk_day(office_id, day, q, may_act_for=principal.may_act_for)
    return DeskDayOut(
        office_id=office_id,
        date=when,
        count=len(visits),
        visits=[DeskVisitOut.of(visit) for visit in visits],
    )


@router.get(
    "/visits/{visit_id}",
    response_model=VisitOut,
    summary="Rincian kunjungan / a visit, with its messages",
)
def visit_details(visit_id: UUID, app: IntakeDep, principal: Staff) -> VisitOut:
    return VisitOut.of(app.visit_view(visit_id, may_act_for=principal.may_act_for))


@router.get(
    "/identity-cards/unreturned",
    response_model=UnreturnedCardsOut,
    summary="Kartu identitas yang belum dikembalikan / identity cards not returned",
    description=(
        "Daftar akhir hari: kartu yang masih disimpan di resepsionis pada akhir `date` "
        "(default hari ini), hanya 4 digit terakhir; resepsionis juga melihat nama dan "
        "kontak pengunjung untuk menghubunginya. / End-of-day list, last 4 digits only; "
        "receptionists also see the visitor's name and contact."
    ),
)
def unreturned_cards(
    app: IntakeDep,
    principal: CardKeepers,
    office_id: Annotated[str, Query(pattern=r"^[0-9]{4}$")],
    day: Annotated[ClientDate | None, Query(alias="date")] = None,
) -> UnreturnedCardsOut:
    # Names and contacts for the receptionist who must reach the visitors; a supervisor
    # sees the last 4 digits only.
    contacts = bool(principal.roles & {Role.RECEPTIONIST, Role.ADMIN})
    when, cards = app.unreturned_cards(
        office_id, day, may_act_for=principal.may_act_for, with_contacts=contacts
    )
    return UnreturnedCardsOut(
        office_id=office_id,
        date=when,
        count=len(cards),
        cards=[HeldCardOut.of(card) for card in cards],
    )
