"""Sign-in, sign-out and the first run: /masuk, /keluar, /pasang."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from infra.pages import KIT, render
from infra.pages.headers import CONTENT_SECURITY_POLICY
from infra.service import provided
from services.staff.accounts import SignInOutcome
from services.staff.container import StaffParts
from services.staff.web import (
    CSRF_REFUSED,
    DEVICE_COOKIE,
    SESSION_COOKIE,
    clear_session,
    client_of,
    safe_next,
    secure_cookies,
    set_session,
)
from standard.errors import RuleViolation

router = APIRouter(include_in_schema=False)
Parts = Annotated[StaffParts, Depends(provided(StaffParts))]
SIGNIN_CSRF_COOKIE = "pst_masuk"
SETUP = "setup"
WRONG = "Nama pengguna atau kata sandi salah. / Wrong username or password."
DEACTIVATED = "Akun Anda dinonaktifkan. Hubungi admin kantor. / Your account is deactivated."
NOTICES = {
    "keluar": "Anda sudah keluar. / You are signed out.",
    "berakhir": "Sesi Anda berakhir; silakan masuk lagi. / Your session ended: sign in again.",
}


def landing(request: Request, principal: Any) -> str:
    """The first staff page the person's roles open, else the home page."""
    links = KIT.nav_for(request, principal)
    return links[0].href if links else "/"


def _form_token(request: Request) -> str:
    return request.cookies.get(SIGNIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def _signin_page(
    request: Request, parts: StaffParts, status_code: int = 200, **context: Any
) -> HTMLResponse:
    token = _form_token(request)
    sso = parts.sso.label if parts.sso is not None else None
    headers = {}
    if parts.sso is not None:  # the SSO form's redirect goes on to the provider's origin
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'", f"form-action 'self' {parts.sso.origin}"
        )
    response = render(
        "staff/masuk.html.j2",
        status_code,
        request=request,
        principal=None,
        signin_csrf=token,
        sso_label=sso,
        first_run=not parts.directory.has_admin(),
        next=safe_next(context.pop("next", None) or request.query_params.get("next"), ""),
        headers=headers,
        **context,
    )
    response.set_cookie(
        SIGNIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, parts),
        path="/",
        max_age=3600,
    )
    return response


def signin_form_ok(request: Request, given: object) -> bool:
    """Login CSRF: the form's hidden token equals the page's cookie (double submit)."""
    cookie = request.cookies.get(SIGNIN_CSRF_COOKIE)
    return bool(cookie) and isinstance(given, str) and hmac.compare_digest(cookie or "", given)


@router.get("/masuk", response_class=HTMLResponse)
def signin_page(request: Request, parts: Parts) -> Response:
    found = parts.sessions.live(request.cookies.get(SESSION_COOKIE) or "")
    if found is not None:  # already signed in: on to work
        target = safe_next(request.query_params.get("next"), landing(request, found[1]))
        return RedirectResponse(target, 303)
    notice = NOTICES.get(request.query_params.get("sesi", ""))
    return _signin_page(request, parts, notice=notice)


@router.post("/masuk", response_class=HTMLResponse)
async def sign_in(request: Request, parts: Parts) -> Response:
    form = await request.form()
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")
    target = str(form.get("next") or "")
    if not signin_form_ok(request, form.get("csrf_token")):
        return _signin_page(request, parts, 403, error=CSRF_REFUSED, username=username, next=target)
    known = request.cookies.get(DEVICE_COOKIE)
    clean = username.strip().lower()
    outcome: SignInOutcome = parts.accounts.sign_in(
        clean, password, client_of(request), parts.devices.knows(known, clean)
    )
    if outcome.retry_after is not None:
        minutes = max(1, round(outcome.retry_after / 60))
        error = (
            f"Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit, atau hubungi "
            f"admin kantor. / Too many failed attempts: try again in {minutes} min."
        )
        page = _signin_page(request, parts, 429, error=error, username=username, next=target)
        page.headers["Retry-After"] = str(outcome.retry_after)
        return page
    if outcome.session is None:
        error = DEACTIVATED if outcome.reason == "deactivated" else WRONG
        code = 403 if outcome.reason == "deactivated" else 401
        return _signin_page(request, parts, code, error=error, username=username, next=target)
    found = parts.sessions.live(outcome.session.session_id)
    principal = found[1] if found else None
    response = RedirectResponse(safe_next(target, landing(request, principal)), 303)
    set_session(response, request, parts, outcome.session)
    return response


@router.post("/keluar")
async def sign_out(request: Request, parts: Parts) -> Response:
    """Ends the session (its CSRF token required: nobody signs another person out)."""
    form = await request.form()
    session_id = request.cookies.get(SESSION_COOKIE) or ""
    found = parts.sessions.live(session_id) if session_id else None
    if found is not None:
        row, _ = found
        given = form.get("csrf_token")
        if not isinstance(given, str) or not hmac.compare_digest(given, str(row["csrf_token"])):
            return render(
                "message.html.j2",
                403,
                request=request,
                layout="layouts/staff.html.j2",
                title="Tidak dapat keluar",
                subtitle="CSRF token missing",
                text=CSRF_REFUSED,
            )
        username = parts.sessions.close(session_id)
        parts.audit.record(username or "", client_of(request), str(row["method"]), "signed_out")
    response = RedirectResponse("/masuk?sesi=keluar", 303)
    clear_session(response)
    return response


# --- first run ------------------------------------------------------------------------


def new_setup_code(parts: StaffParts) -> str | None:
    """A one-time code for the first admin, when the directory has none (else None)."""
    if parts.directory.has_admin():
        return None
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    parts.tables.execute("DELETE FROM staff_pending WHERE kind = ?", (SETUP,))
    parts.pending.put(SETUP, code, {}, parts.settings.setup_code_minutes * 60.0)
    return code


def _setup_page(
    request: Request, parts: StaffParts, status_code: int = 200, **context: Any
) -> HTMLResponse:
    response = render(
        "staff/pasang.html.j2",
        status_code,
        request=request,
        principal=None,
        signin_csrf=_form_token(request),
        office_id=parts.office_id,
        **context,
    )
    response.set_cookie(
        SIGNIN_CSRF_COOKIE, _form_token(request), httponly=True, samesite="strict", path="/"
    )
    return response


def _done_already(request: Request) -> HTMLResponse:
    return render(
        "message.html.j2",
        410,
        request=request,
        layout="layouts/staff.html.j2",
        title="Hub ini sudah dipasang",
        subtitle="already set up",
        text="Sudah ada admin. Masuk di /masuk; staf baru dibuat oleh admin kantor.",
    )


@router.get("/pasang", response_class=HTMLResponse)
def setup_page(request: Request, parts: Parts) -> Response:
    if parts.directory.has_admin():
        return _done_already(request)
    return _setup_page(request, parts)


@router.post("/pasang", response_class=HTMLResponse)
async def set_up(request: Request, parts: Parts) -> Response:
    if parts.directory.has_admin():
        return _done_already(request)
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("username", "display_name", "nip")}
    values["office_id"] = str(form.get("office_id") or "").strip()
    password = str(form.get("password") or "")
    if not signin_form_ok(request, form.get("csrf_token")):
        return _setup_page(request, parts, 403, errors={"code": CSRF_REFUSED}, values=values)
    code = str(form.get("code") or "").strip().upper()
    errors = member_errors(parts, {**values, "roles": ["admin"]}, password, new=True)
    if errors:
        return _setup_page(request, parts, 422, errors=errors, values=values)
    if not code or parts.pending.take(SETUP, code) is None:
        reason = "kode pemasangan salah atau kedaluwarsa; mulai ulang hub untuk kode baru"
        return _setup_page(request, parts, 422, errors={"code": reason}, values=values)
    parts.add_member(
        values["username"],
        values["display_name"],
        values["office_id"],
        ["admin"],
        values["nip"] or None,
        password=password,
    )
    outcome = parts.accounts.sign_in_with(values["username"], client_of(request), "setup")
    response = RedirectResponse("/admin/staf", 303)
    if outcome.session is not None:
        set_session(response, request, parts, outcome.session)
    return response


def member_errors(
    parts: StaffParts, values: dict[str, Any], password: str | None, new: bool
) -> dict[str, str]:
    """Every field's problem at once (nothing is saved while one remains)."""
    from services.staff.domain import member as rules
    from services.staff.passwords import check_new_password

    checks: list[tuple[str, Any]] = [
        ("display_name", lambda: rules.check_display_name(values.get("display_name", ""))),
        ("nip", lambda: rules.check_nip(values.get("nip") or None)),
        ("office_id", lambda: rules.check_office_code(values.get("office_id", ""))),
        ("roles", lambda: rules.check_roles(values.get("roles") or [])),
        ("email", lambda: rules.check_email(values.get("email") or None)),
    ]
    if new:
        checks.insert(0, ("username", lambda: rules.check_username(values.get("username", ""))))
    if password:
        checks.append(
            ("password", lambda: check_new_password(password, values.get("username", "")))
        )
    errors: dict[str, str] = {}
    for field, check in checks:
        try:
            check()
        except RuleViolation as broken:
            errors[field] = broken.reason
    if new and "username" not in errors and parts.directory.find(values["username"]):
        errors["username"] = "nama pengguna sudah terdaftar / already taken"
    return errors
