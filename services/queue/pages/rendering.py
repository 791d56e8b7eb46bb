"""Rendering of the queue's pages: one jinja2 environment, safe headers, the static files.

The pages load nothing but the app's own stylesheet and scripts (no CDN, no inline script:
settings reach the scripts as data attributes). Asset URLs carry a digest of the file, so
browsers may cache them for long and still never run a stale script after an update.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

STATIC_PREFIX = "/static/queue"
ASSETS: dict[str, str] = {
    "queue.css": "text/css; charset=utf-8",
    "console.js": "text/javascript; charset=utf-8",
    "console-api.js": "text/javascript; charset=utf-8",
    "console-view.js": "text/javascript; charset=utf-8",
    "display.js": "text/javascript; charset=utf-8",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=len(ASSETS))
def asset(name: str) -> bytes:
    return files("services.queue.pages").joinpath("static", name).read_bytes()


def asset_url(name: str) -> str:
    """The URL of a static file, versioned by its content."""
    digest = hashlib.sha256(asset(name)).hexdigest()[:12]
    return f"{STATIC_PREFIX}/{name}?v={digest}"


def asset_response(name: str) -> Response:
    return Response(
        asset(name),
        media_type=ASSETS[name],
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


ENVIRONMENT = Environment(
    loader=PackageLoader("services.queue.pages", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENVIRONMENT.globals["asset_url"] = asset_url


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = ENVIRONMENT.get_template(template).render(**context)
    return HTMLResponse(html, status_code, headers=SECURITY_HEADERS)
