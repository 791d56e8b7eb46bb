"""Dependencies of the queue routes: the application, who may call, who acts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, status

from infra.security import Principal, Role, require
from infra.service import provided
from services.queue.application import QueueApplication

QueueDep = Annotated[QueueApplication, Depends(provided(QueueApplication))]
Staff = Annotated[Principal, require(Role.OFFICER, Role.SUPERVISOR)]
Viewer = Annotated[Principal, require(Role.OFFICER, Role.SUPERVISOR, Role.RECEPTIONIST)]
SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})

ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Peran atau kantor tidak diizinkan / role or office not allowed"},
    404: {"description": "Tiket, petugas atau antrean tidak ditemukan / not found"},
    409: {"description": "Langkah tidak sesuai keadaan tiket atau petugas / wrong state"},
    422: {"description": "Masukan tidak valid (field dan alasan) / invalid input"},
}


def acting_officer(principal: Principal, requested: str | None) -> str:
    """The token's holder acts for themself; supervisors may act on behalf of an officer."""
    if requested is None or requested == principal.subject:
        return principal.subject
    if principal.roles & SUPERVISING:
        return requested
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        detail="officer_id: hanya supervisor yang boleh bertindak atas nama petugas lain / "
        "only a supervisor may act on behalf of another officer",
    )


def supervises(principal: Principal) -> bool:
    return bool(principal.roles & SUPERVISING)


def office_of(principal: Principal, office_id: str | None) -> str:
    return office_id or principal.office_id
