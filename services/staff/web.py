"""The staff service's face to the web: the session cookie, its CSRF token, the client.

`CookieSessions` is the hub's `SessionAuthority` (infra.security): the principal of the
request's session cookie. A state-changing request made with the cookie must carry the
session's CSRF token (`X-CSRF-Token` header from `PST.api`, or a form's `csrf_token`).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response, status

from infra.roles import Principal
from services.staff.accounts import SAFE_METHODS, Session
from services.staff.container import StaffParts

SESSION_COOKIE = "pst_sesi"
DEVICE_COOKIE = "pst_perangkat"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
CSRF_REFUSED = (
    "Token CSRF tidak cocok; muat ulang halaman lalu coba lagi / "
    "CSRF token missing or wrong: reload the page and retry"
)


class CookieSessions:
    def __init__(self, parts: StaffParts) -> None:
        self.parts = parts

    def principal(self, request: Request) -> Principal | None:
        session_id = request.cookies.get(SESSION_COOKIE)
        if not session_id or len(session_id) > 128:
            return None
        found = self.parts.sessions.live(session_id)
        if found is None:
            return None
        row, principal = found
        request.state.csrf_token = row["csrf_token"]
        if request.method not in SAFE_METHODS:
            given = request.headers.get("x-csrf-token") or getattr(request.state, "form_csrf", None)
            if not given or not hmac.compare_digest(str(given), str(row["csrf_token"])):
                raise HTTPException(status.HTTP_403_FORBIDDEN, detail=CSRF_REFUSED)
        return principal


def client_of(request: Request) -> str:
    """Who is asking, for throttling and the audit trail: the peer's address (behind a
    proxy, uvicorn's --proxy-headers puts the forwarded client here)."""
    return request.client.host if request.client else "unknown"


def secure_cookies(request: Request, parts: StaffParts) -> bool:
    mode = parts.settings.cookie_secure
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def set_session(response: Response, request: Request, parts: StaffParts, session: Session) -> None:
    secure = secure_cookies(request, parts)
    response.set_cookie(
        SESSION_COOKIE, session.session_id, httponly=True, samesite="lax", secure=secure, path="/"
    )
    device = parts.devices.issue(session.username, request.cookies.get(DEVICE_COOKIE))
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/masuk",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path of this site: never another host (`//evil`, `https://...`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or len(target) > 512:
        return default
    return target
