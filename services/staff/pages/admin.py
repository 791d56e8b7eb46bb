"""The admin's pages: staff (/admin/staf), machine tokens (/admin/token), the sign-in
audit trail (/admin/audit). An admin manages their own office unless national."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from infra.pages import KIT, render
from infra.roles import Principal, Role
from infra.security import require_page
from infra.service import provided
from services.staff.application import Member
from services.staff.container import StaffParts, ensure_manages
from services.staff.domain.member import ROLES
from services.staff.pages.signin import member_errors
from standard import wording
from standard.errors import NotPermitted, RuleViolation

router = APIRouter(include_in_schema=False)
Parts = Annotated[StaffParts, Depends(provided(StaffParts))]
Admin = Annotated[Principal, require_page(Role.ADMIN)]
WIB = ZoneInfo("Asia/Jakarta")
TOKEN_ROLES = ("channel", "receptionist", "officer", "supervisor", "auditor")
OUTCOMES = {
    "signed_in": "masuk",
    "failed": "gagal",
    "throttled": "dibatasi",
    "deactivated": "ditolak: nonaktif",
    "unknown": "ditolak: tidak terdaftar",
    "signed_out": "keluar",
}
NOTICES = {
    "ditambah": "Staf ditambahkan.",
    "disimpan": "Perubahan disimpan.",
    "sandi": "Kata sandi diganti; sesi lamanya berakhir.",
    "nonaktif": "Akun dinonaktifkan; semua sesinya berakhir saat itu juga.",
    "aktif": "Akun diaktifkan kembali.",
    "keluar": "Semua sesi orang ini berakhir.",
    "dicabut": "Token dicabut; semua proses menolaknya dalam beberapa detik.",
}


def wib(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(float(epoch), WIB).strftime("%d-%m-%Y %H:%M")


KIT.add_filters(wib=wib, outcome_label=lambda code: OUTCOMES.get(code, code))


def role_label(code: str) -> str:
    return wording.ROLES.get(code, (code, ""))[0]


def _role_choices() -> list[tuple[str, str]]:
    return [(code, role_label(code)) for code in ROLES]


def _row(parts: StaffParts, member: Member) -> dict[str, Any]:
    return {
        "staff_id": member.staff_id,
        "display_name": member.display_name,
        "nip": member.nip,
        "office_id": member.office_id,
        "national": member.national,
        "roles": list(member.roles),
        "role_labels": [role_label(role) for role in member.roles],
        "active": member.active,
        "has_password": parts.credentials.has_password(member.staff_id),
        "sessions": parts.sessions.count(member.staff_id) if member.active else 0,
    }


def _values(form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        key: str(form.get(key) or "").strip()
        for key in ("username", "display_name", "nip", "email", "office_id")
    }
    values["roles"] = [str(role) for role in form.getlist("roles")]
    values["national"] = form.get("national") == "1"
    return values


def _mine(principal: Principal, member: Member) -> bool:
    return principal.may_act_for(member.office_id)


def _staff_page(
    request: Request, parts: StaffParts, admin: Principal, status_code: int = 200, **ctx: Any
) -> HTMLResponse:
    members = [_row(parts, m) for m in parts.directory.members() if _mine(admin, m)]
    ctx.setdefault("values", {"office_id": admin.office_id, "roles": ["officer"]})
    return render(
        "staff/staf.html.j2",
        status_code,
        request=request,
        members=members,
        role_choices=_role_choices(),
        national_admin=admin.national,
        scope_label="semua kantor" if admin.national else admin.office_id,
        notice=NOTICES.get(request.query_params.get("pesan", "")),
        **ctx,
    )


@router.get("/admin/staf", response_class=HTMLResponse)
def staff_list(request: Request, parts: Parts, admin: Admin) -> Response:
    return _staff_page(request, parts, admin)


def _scope_error(admin: Principal, values: dict[str, Any]) -> dict[str, str]:
    """The use case's scope rule, said beside the form's fields."""
    try:
        ensure_manages(admin, values.get("office_id", ""), bool(values.get("national")))
    except NotPermitted as refused:
        if refused.field == "office_id":
            return {"office_id": f"hanya kantor Anda sendiri ({admin.office_id})"}
        return {"roles": refused.reason}
    return {}


@router.post("/admin/staf", response_class=HTMLResponse)
async def staff_add(request: Request, parts: Parts, admin: Admin) -> Response:
    form = await request.form()
    values = _values(form)
    password = str(form.get("password") or "")
    errors = member_errors(parts, values, password or None, new=True) or _scope_error(admin, values)
    if errors:
        return _staff_page(request, parts, admin, 422, errors=errors, values=values)
    parts.add_member(
        values["username"],
        values["display_name"],
        values["office_id"],
        values["roles"],
        values["nip"] or None,
        national=values["national"],
        password=password or None,
        email=values["email"] or None,
        by=admin,
    )
    return RedirectResponse("/admin/staf?pesan=ditambah", 303)


def _member_or_none(parts: StaffParts, admin: Principal, username: str) -> Member | None:
    member = parts.directory.find(username)
    return member if member is not None and _mine(admin, member) else None


def _not_found(request: Request) -> HTMLResponse:
    return render(
        "message.html.j2",
        404,
        request=request,
        layout="layouts/staff.html.j2",
        title="Staf tidak ditemukan",
        subtitle="no such staff member in your office",
        text="Periksa daftar staf.",
    )


def _member_page(
    request: Request,
    parts: StaffParts,
    admin: Principal,
    member: Member,
    status_code: int = 200,
    **ctx: Any,
) -> HTMLResponse:
    row = _row(parts, member)
    ctx.setdefault("values", {**row, "email": parts.profiles.email_of(member.staff_id)})
    return render(
        "staff/anggota.html.j2",
        status_code,
        request=request,
        member=member,
        sessions=row["sessions"],
        role_choices=_role_choices(),
        national_admin=admin.national,
        audit=parts.audit.latest(50, member.staff_id),
        notice=NOTICES.get(request.query_params.get("pesan", "")),
        **ctx,
    )


@router.get("/admin/staf/{username}", response_class=HTMLResponse)
def member_page(request: Request, username: str, parts: Parts, admin: Admin) -> Response:
    member = _member_or_none(parts, admin, username)
    if member is None:
        return _not_found(request)
    return _member_page(request, parts, admin, member)


@router.post("/admin/staf/{username}", response_class=HTMLResponse)
async def member_change(request: Request, username: str, parts: Parts, admin: Admin) -> Response:
    member = _member_or_none(parts, admin, username)
    if member is None:
        return _not_found(request)
    values = _values(await request.form())
    values["username"] = username
    errors = member_errors(parts, values, None, new=False) or _scope_error(admin, values)
    if not errors and username == admin.subject and "admin" not in values["roles"]:
        errors = {"roles": "Anda tidak dapat mencabut peran admin Anda sendiri"}
    if errors:
        return _member_page(request, parts, admin, member, 422, errors=errors, values=values)
    parts.directory.change(
        username,
        values["display_name"],
        values["office_id"],
        values["roles"],
        values["nip"] or None,
        national=values["national"],
    )
    parts.profiles.set_email(username, values["email"] or None)
    return RedirectResponse(f"/admin/staf/{username}?pesan=disimpan", 303)


@router.post("/admin/staf/{username}/sandi", response_class=HTMLResponse)
async def member_password(request: Request, username: str, parts: Parts, admin: Admin) -> Response:
    member = _member_or_none(parts, admin, username)
    if member is None:
        return _not_found(request)
    form = await request.form()
    try:
        parts.credentials.set(username, str(form.get("password") or ""))
    except RuleViolation as broken:
        errors = {"new_password": broken.reason}
        return _member_page(request, parts, admin, member, 422, errors=errors)
    parts.sessions.close_all(username)
    return RedirectResponse(f"/admin/staf/{username}?pesan=sandi", 303)


@router.post("/admin/staf/{username}/{action}", response_class=HTMLResponse)
def member_access(
    request: Request, username: str, action: str, parts: Parts, admin: Admin
) -> Response:
    member = _member_or_none(parts, admin, username)
    if member is None or action not in ("nonaktif", "aktif", "keluar"):
        return _not_found(request)
    if action == "nonaktif" and username == admin.subject:
        errors = {"roles": "Anda tidak dapat menonaktifkan akun Anda sendiri"}
        return _member_page(request, parts, admin, member, 422, errors=errors)
    try:
        if action == "nonaktif":
            parts.deactivate(username, by=admin)
        elif action == "aktif":
            parts.reactivate(username, by=admin)
        else:
            parts.sessions.close_all(username)
    except RuleViolation as broken:
        return _member_page(request, parts, admin, member, 409, errors={"roles": broken.reason})
    return RedirectResponse(f"/admin/staf/{username}?pesan={action}", 303)


# --- machine tokens -------------------------------------------------------------------


def _token_page(
    request: Request, parts: StaffParts, admin: Principal, status_code: int = 200, **ctx: Any
) -> HTMLResponse:
    tokens = [t for t in parts.tokens.list() if admin.may_act_for(t.office_id)]
    ctx.setdefault("values", {"office_id": admin.office_id, "roles": ["channel"]})
    return render(
        "staff/token.html.j2",
        status_code,
        request=request,
        tokens=tokens,
        token_roles=[(code, role_label(code)) for code in TOKEN_ROLES],
        national_admin=admin.national,
        notice=NOTICES.get(request.query_params.get("pesan", "")),
        headers={"Cache-Control": "no-store"},
        **ctx,
    )


@router.get("/admin/token", response_class=HTMLResponse)
def token_list(request: Request, parts: Parts, admin: Admin) -> Response:
    return _token_page(request, parts, admin)


@router.post("/admin/token", response_class=HTMLResponse)
async def token_create(request: Request, parts: Parts, admin: Admin) -> Response:
    form = await request.form()
    values: dict[str, Any] = {
        "subject": str(form.get("subject") or "").strip(),
        "office_id": str(form.get("office_id") or "").strip(),
        "expires_days": str(form.get("expires_days") or "").strip(),
        "roles": [str(role) for role in form.getlist("roles")],
    }
    errors: dict[str, str] = {}
    if any(role not in TOKEN_ROLES for role in values["roles"]):
        errors["roles"] = "peran token: kanal, resepsionis, petugas, supervisor atau auditor"
    expires_at = None
    if values["expires_days"]:
        if not values["expires_days"].isdigit() or not 1 <= int(values["expires_days"]) <= 3650:
            errors["expires_days"] = "1-3650 hari, atau kosong"
        else:
            moment = datetime.now(UTC) + timedelta(days=int(values["expires_days"]))
            expires_at = moment.timestamp()
    if not admin.may_act_for(values["office_id"]):
        errors["office_id"] = f"hanya kantor Anda sendiri ({admin.office_id})"
    if not errors:
        try:
            token = parts.tokens.issue(
                values["subject"],
                values["roles"],
                values["office_id"],
                expires_at,
                admin.subject,
                may_act_for=admin.may_act_for,
            )
        except RuleViolation as broken:
            errors[broken.field] = broken.reason
        else:
            return _token_page(
                request, parts, admin, 201, new_token=token, new_subject=values["subject"]
            )
    return _token_page(request, parts, admin, 422, errors=errors, values=values)


@router.post("/admin/token/{token_id}/cabut", response_class=HTMLResponse)
def token_revoke(request: Request, token_id: str, parts: Parts, admin: Admin) -> Response:
    mine = {t.token_id for t in parts.tokens.list() if admin.may_act_for(t.office_id)}
    if token_id not in mine:
        return _not_found(request)
    try:
        parts.tokens.revoke(token_id)
    except RuleViolation as broken:
        return _token_page(request, parts, admin, 409, errors={"tokens": broken.reason})
    return RedirectResponse("/admin/token?pesan=dicabut", 303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, parts: Parts, admin: Admin) -> Response:
    entries = parts.audit.latest(200)
    if not admin.national:  # an office's admin reads its own people's trail
        own = {m.staff_id for m in parts.directory.members() if _mine(admin, m)}
        entries = [e for e in entries if e["username"] in own]
    return render("staff/audit.html.j2", request=request, audit=entries, now=time.time())
