"""Single sign-on pages: /masuk/sso starts the flow, /masuk/sso/kembali ends it, and
/masuk/sso/keluar takes the provider's back-channel logout."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from infra.pages import render
from infra.service import provided
from services.staff.accounts import Session
from services.staff.container import StaffParts
from services.staff.oidc import SsoRefused, SsoUnavailable
from services.staff.pages.signin import signin_form_ok
from services.staff.web import client_of, safe_next, secure_cookies, set_session

router = APIRouter(include_in_schema=False)
Parts = Annotated[StaffParts, Depends(provided(StaffParts))]
STATE_COOKIE = "pst_sso"
PENDING = "oidc"
FLOW_SECONDS = 600.0


def _message(request: Request, status_code: int, title: str, text: str) -> HTMLResponse:
    return render(
        "message.html.j2",
        status_code,
        request=request,
        layout="layouts/staff.html.j2",
        title=title,
        text=text,
        back_to_signin=True,
    )


def _callback_url(request: Request) -> str:
    return str(request.url_for("sso_callback"))


@router.post("/masuk/sso")
async def sso_start(request: Request, parts: Parts) -> Response:
    if parts.sso is None:
        return _message(request, 404, "SSO belum diatur", "Masuk dengan nama pengguna dan sandi.")
    form = await request.form()
    if not signin_form_ok(request, form.get("csrf_token")):
        return RedirectResponse("/masuk", 303)
    try:
        started = parts.sso.begin(_callback_url(request))
    except SsoUnavailable:
        return _message(
            request,
            503,
            "SSO BPS tidak menjawab",
            "Coba lagi sebentar lagi, atau masuk dengan sandi.",
        )
    payload = {
        "verifier": started.verifier,
        "nonce": started.nonce,
        "next": safe_next(str(form.get("next") or ""), ""),
    }
    parts.pending.put(PENDING, started.state, payload, FLOW_SECONDS)
    response = RedirectResponse(started.url, 303)
    response.set_cookie(
        STATE_COOKIE,
        started.state,
        max_age=int(FLOW_SECONDS),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request, parts),
        path="/masuk/sso",
    )
    return response


@router.get("/masuk/sso/kembali", name="sso_callback")
def sso_callback(request: Request, parts: Parts) -> Response:
    from services.staff.pages.signin import landing

    if parts.sso is None:
        return _message(request, 404, "SSO belum diatur", "Masuk dengan nama pengguna dan sandi.")
    state = request.query_params.get("state", "")
    cookie = request.cookies.get(STATE_COOKIE, "")
    error = request.query_params.get("error")
    pending = (
        parts.pending.take(PENDING, state)
        if state and cookie and hmac.compare_digest(state, cookie)
        else None
    )
    if error or pending is None:
        return _message(
            request,
            400,
            "Masuk dengan SSO tidak selesai",
            "Tautan ini sudah dipakai, kedaluwarsa, atau dibuka di peramban lain. Mulai lagi dari "
            "halaman masuk.",
        )
    try:
        claims = parts.sso.finish(
            request.query_params.get("code", ""),
            pending["verifier"],
            pending["nonce"],
            _callback_url(request),
        )
    except SsoUnavailable:
        return _message(request, 503, "SSO BPS tidak menjawab", "Coba lagi sebentar lagi.")
    except SsoRefused as refused:
        parts.audit.record("", client_of(request), "sso", "failed")
        return _message(request, 403, "SSO menolak", f"Identitas tidak terbukti ({refused}).")
    username = _username(parts, parts.sso.person(claims))
    response: Response
    outcome = parts.accounts.sign_in_with(username or "", client_of(request), "sso")
    if outcome.session is None:
        who = username or "(tanpa nama pengguna)"
        if outcome.reason == "deactivated":
            text = f"Akun {who} dinonaktifkan di hub ini. Hubungi admin kantor."
        else:
            text = (
                f"Akun SSO Anda ({who}) belum terdaftar sebagai staf di hub ini. Minta admin "
                "kantor menambahkan Anda dengan nama pengguna yang sama."
            )
        response = _message(request, 403, "Akun tidak dapat masuk", text)
    else:
        found = parts.sessions.live(outcome.session.session_id)
        target = safe_next(pending.get("next"), landing(request, found[1] if found else None))
        response = RedirectResponse(target, 303)
        set_session(response, request, parts, outcome.session)
        _link(parts, outcome.session, claims)
    response.delete_cookie(STATE_COOKIE, path="/masuk/sso")
    return response


def _link(parts: StaffParts, session: Session, claims: dict[str, Any]) -> None:
    sid = claims.get("sid")
    parts.sessions.link_sso(
        session, str(claims["iss"]), str(claims["sub"]), sid if isinstance(sid, str) else None
    )


@router.post("/masuk/sso/keluar", name="sso_backchannel_logout")
async def sso_backchannel_logout(request: Request, parts: Parts) -> Response:
    """The provider says a person signed out there (OpenID Connect Back-Channel Logout):
    the hub sessions that sign-in opened end at once. Server to server: no cookie, no CSRF;
    the logout token's signature is the proof."""
    if parts.sso is None:
        return _logout_answer(404, "not_configured")
    form = await request.form()
    token = form.get("logout_token")
    if not isinstance(token, str) or not token:
        return _logout_answer(400, "invalid_request", "logout_token: required")
    try:
        logout = parts.sso.verify_logout(token)
    except SsoUnavailable:
        return _logout_answer(503, "temporarily_unavailable")
    except SsoRefused as refused:
        parts.audit.record("", client_of(request), "sso", "failed")
        return _logout_answer(400, "invalid_request", str(refused))
    for username in parts.sessions.close_sso(parts.sso.issuer, logout.subject, logout.sid):
        parts.audit.record(username, client_of(request), "sso", "signed_out")
    return _logout_answer(200)


def _logout_answer(status_code: int, error: str = "", description: str = "") -> Response:
    body = {"error": error, "error_description": description} if error else {}
    return JSONResponse(body, status_code, headers={"Cache-Control": "no-store"})


def _username(parts: StaffParts, value: str | None) -> str | None:
    """The staff username the claim names (directly, or through the member's NIP)."""
    if value is None or parts.sso is None or parts.sso.match == "username":
        return value
    for member in parts.directory.members():
        if member.nip == value:
            return member.staff_id
    return None
