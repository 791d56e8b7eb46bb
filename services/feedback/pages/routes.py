"""The visitor-facing pages of feedback, and their stylesheet."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from services.feedback.pages import complaints, surveys
from services.feedback.pages.rendering import STYLESHEET, stylesheet_response

router = APIRouter(include_in_schema=False)
router.include_router(surveys.router)
router.include_router(complaints.router)


@router.get(STYLESHEET)
def pages_stylesheet() -> Response:
    return stylesheet_response()
