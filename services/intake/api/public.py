"""Public routes: service hours and the category catalogues (no token needed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.intake.api.dependencies import IntakeDep
from services.intake.api.schemas import CatalogueEntry, ServiceHoursOut
from services.intake.domain.catalogues import FIELD_CATALOGUES, LABELS
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
