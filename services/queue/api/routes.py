"""The queue's HTTP API: the officer console's commands and the views of the queue."""

from __future__ import annotations

from fastapi import APIRouter

from services.queue.api import commands, queries

router = APIRouter(prefix="/api/queue")
router.include_router(commands.router)
router.include_router(queries.router)
