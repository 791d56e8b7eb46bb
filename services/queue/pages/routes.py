"""The queue's pages; their static files are served by the presentation kit."""

from __future__ import annotations

from fastapi import APIRouter

from services.queue.pages import console, waiting_room

router = APIRouter()
router.include_router(console.router)
router.include_router(waiting_room.router)
