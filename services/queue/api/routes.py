"""The queue's HTTP API: the officer console's commands, the views of the queue, and the
waiting-room display's public feed."""

from __future__ import annotations

from fastapi import APIRouter

from services.queue.api import commands, display, queries, visitor

router = APIRouter(prefix="/api/queue")
router.include_router(commands.router)
router.include_router(queries.router)
router.include_router(display.router)  # public: the waiting-room display
router.include_router(visitor.router)  # public: a visitor's own ticket, behind their link
