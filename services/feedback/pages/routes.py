"""The visitor-facing pages of feedback; the kit serves the stylesheet."""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.pages import complaints, surveys

router = APIRouter(include_in_schema=False)
router.include_router(surveys.router)
router.include_router(complaints.router)
