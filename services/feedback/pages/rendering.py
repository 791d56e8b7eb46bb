"""Rendering of the pages: one jinja2 environment, safe headers, the public rate limit.

Survey links carry their token in the path, so no page sends a Referer and none is
cached; the pages load nothing but the app's own stylesheet (no CDN, no inline script).
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from infra.service import provided
from services.feedback.container import FeedbackContainer

STYLESHEET = "/static/feedback/pages.css"
ENVIRONMENT = Environment(
    loader=PackageLoader("services.feedback.pages", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.globals["stylesheet"] = STYLESHEET
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def render(
    template: str, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    html = ENVIRONMENT.get_template(template).render(**context)
    return HTMLResponse(html, status_code, headers={**SECURITY_HEADERS, **(headers or {})})


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


@lru_cache(maxsize=1)
def stylesheet() -> bytes:
    return files("services.feedback.pages").joinpath("static/pages.css").read_bytes()


def stylesheet_response() -> Response:
    return Response(
        stylesheet(),
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
