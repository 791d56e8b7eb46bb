"""What the visitor pages share: the office a page speaks for, its dates, the rate limit,
and the page that only says what happened."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from infra.pages import render
from infra.service import provided
from services.feedback.container import FeedbackContainer
from standard import wording
from standard.office import UnknownOffice, office_settings


def office_name(office_id: str) -> str:
    try:
        return office_settings(office_id).name
    except UnknownOffice:
        return f"BPS {office_id}"


def office_zone(office_id: str) -> ZoneInfo:
    try:
        return ZoneInfo(office_settings(office_id).time_zone)
    except UnknownOffice:
        return ZoneInfo("Asia/Jakarta")


def long_datetime(moment: datetime, zone: ZoneInfo) -> str:
    """'Jumat, 27 Maret 2026 pukul 16.00 WIB' in the office's time zone."""
    return wording.long_datetime(moment.astimezone(zone))


def message(status_code: int, title: str, text: str, **context: Any) -> HTMLResponse:
    """A page that only tells the visitor what happened and what to do next."""
    return render("message.html.j2", status_code, title=title, text=text, **context)


def public_wait(
    request: Request, parts: Annotated[FeedbackContainer, Depends(provided(FeedbackContainer))]
) -> float:
    """Seconds the client must wait (0 when allowed): the JSON endpoints' token bucket."""
    return parts.limiter.take(request.client.host if request.client else "unknown")


Throttle = Annotated[float, Depends(public_wait)]


def too_many_requests(wait: float) -> HTMLResponse:
    seconds = max(1, math.ceil(wait))
    return message(
        429,
        "Terlalu banyak permintaan",
        f"Mohon tunggu {seconds} detik, lalu muat ulang halaman ini.",
        subtitle="Too many requests: please wait and reload.",
        headers={"Retry-After": str(seconds)},
    )
