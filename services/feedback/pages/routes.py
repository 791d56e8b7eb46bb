"""The pages of feedback: the visitors' (survey, complaint form) and the supervisor's
complaints inbox; the kit serves the stylesheets."""

from __future__ import annotations

from fastapi import APIRouter

from services.feedback.pages import complaints, inbox, surveys

router = APIRouter(include_in_schema=False)
router.include_router(surveys.router)
router.include_router(complaints.router)
router.include_router(inbox.router)
