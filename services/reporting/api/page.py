"""The dashboard page: plain HTML and a little JavaScript (EventSource), no build step.

The page itself holds no data and needs no token; it asks for one (or reads it from the
URL fragment `#token=...`, which never reaches a server log) and then follows the
dashboard stream of the office.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

PAGE = Path(__file__).with_name("static") / "dashboard.html"

router = APIRouter(tags=["reporting: dashboard"])


@cache
def page_html() -> str:
    return PAGE.read_text(encoding="utf-8")


@router.get(
    "/dashboard",
    response_class=HTMLResponse,
    summary="Halaman dasbor SLA (langsung) / the live SLA dashboard page",
)
def dashboard_page() -> HTMLResponse:
    return HTMLResponse(page_html(), headers={"Cache-Control": "no-cache"})
