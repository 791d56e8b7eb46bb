"""HTTP routes of intake, under /api/intake: thin, one use case each."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.api import conversations, online, public, reception

router = APIRouter(prefix="/api/intake", tags=["intake"])
router.include_router(reception.router)
router.include_router(online.router)
router.include_router(public.router)
router.include_router(conversations.router)
