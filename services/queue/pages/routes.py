"""The queue's pages and their static files (stylesheet, scripts)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import Response

from services.queue.pages import console, waiting_room
from services.queue.pages.rendering import ASSETS, STATIC_PREFIX, asset_response

router = APIRouter()
router.include_router(console.router)
router.include_router(waiting_room.router)


@router.get(STATIC_PREFIX + "/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    if name not in ASSETS:  # a fixed set: no path from the request reaches the filesystem
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="berkas tidak ada / no such file")
    return asset_response(name)
