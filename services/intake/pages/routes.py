"""Intake's pages; their static files are served by the presentation kit."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.pages import kiosk, reception, status

router = APIRouter()
router.include_router(reception.router)
router.include_router(kiosk.router)
router.include_router(status.router)
