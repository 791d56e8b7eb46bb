"""Public routes: service hours, the category catalogues, and a visitor's own visit behind
the unguessable link on their ticket (no staff token; the link is the credential)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.intake.api.dependencies import IntakeDep
from services.intake.api.schemas import CatalogueEntry, GuestBookIn, PublicVisitOut, ServiceHoursOut
from services.intake.domain.catalogues import FIELD_CATALOGUES, LABELS
from services.intake.domain.visit import GuestBookEntry
from standard.instants import ClientInstant

router = APIRouter()


@router.get(
    "/service-hours",
    response_model=ServiceHoursOut,
    summary="Jam layanan: buka sekarang? kapan buka lagi? / is the office open, when next",
    description=(
        "Menurut jadwal pelayanan kantor (jam buka, hari libur nasional dan cuti bersama). "
        "`at` opsional (default sekarang). / From the office's service calendar."
    ),
)
def service_hours(
    app: IntakeDep,
    office_id: Annotated[str, Query(pattern=r"^[0-9]{4}$", examples=["3572"])],
    at: Annotated[ClientInstant | None, Query(examples=["2026-03-17T16:00:00+07:00"])] = None,
) -> ServiceHoursOut:
    return ServiceHoursOut.of(app.service_hours(office_id, at))


@router.get(
    "/catalogues",
    response_model=dict[str, list[CatalogueEntry]],
    summary="Katalog kategori / the category catalogues (guest book, profile, halopst)",
)
def catalogues() -> dict[str, list[CatalogueEntry]]:
    return {
        field: [CatalogueEntry(code=member.value, label=LABELS[member.value]) for member in enum]
        for field, enum in FIELD_CATALOGUES.items()
    }


VisitToken = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The ticket's link token")]


@router.get(
    "/public/visits/{token}",
    response_model=PublicVisitOut,
    summary="Kunjungan saya (tautan QR tiket) / my visit, behind the ticket's link",
    description="Tanpa data pribadi: nomor antrean, status, meja. 404 bila tautan tidak dikenal.",
)
def my_visit(token: VisitToken, app: IntakeDep) -> PublicVisitOut:
    return PublicVisitOut.of(app.public_visit(token))


@router.post(
    "/public/visits/{token}/guest-book",
    response_model=PublicVisitOut,
    summary="Pengunjung mengisi buku tamu elektronik / the visitor signs the guest book",
    description="Sekali per kunjungan (409 bila sudah diisi); kategori dari /catalogues.",
)
def sign_my_guest_book(token: VisitToken, body: GuestBookIn, app: IntakeDep) -> PublicVisitOut:
    entry = GuestBookEntry(**body.model_dump(exclude={"occurred_at"}, mode="json"))
    return PublicVisitOut.of(app.sign_guest_book_by_link(token, entry, body.occurred_at))
