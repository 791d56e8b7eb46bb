"""HTTP routes of feedback: public (no login, rate limited) and staff (role-protected)."""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.api import complaints, surveys

router = APIRouter(prefix="/api/feedback")
router.include_router(surveys.router)
router.include_router(complaints.router)
