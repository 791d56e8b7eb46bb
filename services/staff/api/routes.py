"""The staff directory's JSON API under /api/staff: who am I, members, machine tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

from fastapi import APIRouter, Depends, Path
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr

from infra.roles import Principal, Role
from infra.security import require
from infra.service import provided
from services.staff.container import StaffParts
from services.staff.domain.member import ROLES
from standard.errors import NotFound, RuleViolation

router = APIRouter(prefix="/api/staff", tags=["staff"])
Parts = Annotated[StaffParts, Depends(provided(StaffParts))]
Admin = Annotated[Principal, require(Role.ADMIN)]
Anyone = Annotated[Principal, require(*Role)]
Username = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")]


class Me(BaseModel):
    username: str
    display_name: str | None
    nip: str | None
    office_id: str
    roles: list[str]
    national: bool


class ReadFrom(BaseModel):
    """An answer read from a domain object's attributes."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, found: object) -> Self:
        return cls.model_validate(found)


class MemberOut(ReadFrom):
    username: str = Field(validation_alias=AliasChoices("staff_id", "username"))
    display_name: str
    nip: str | None
    office_id: str
    roles: list[str]
    national: bool
    active: bool


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64)
    display_name: str = Field(min_length=1, max_length=120)
    nip: str | None = Field(default=None, max_length=18)
    email: str | None = Field(default=None, max_length=254)
    office_id: str = Field(pattern=r"^[0-9]{4}$")
    roles: list[str] = Field(min_length=1, max_length=len(ROLES))
    national: bool = False
    password: SecretStr | None = Field(default=None, description="omit for SSO-only accounts")


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str = Field(min_length=1, max_length=64)
    roles: list[Role] = Field(min_length=1, max_length=len(Role))
    office_id: str = Field(pattern=r"^[0-9]{4}$")
    expires_at: datetime | None = Field(default=None, description="aware; omit: no expiry")


class TokenOut(ReadFrom):
    token_id: str
    subject: str
    roles: list[str]
    office_id: str
    created_by: str
    created_at: float
    expires_at: float | None
    state: str


class NewToken(TokenOut):
    token: str = Field(description="shown once; only its hash is kept")


@router.get("/me", summary="The signed-in person (or the token's subject)")
def me(principal: Anyone) -> Me:
    return Me(
        username=principal.subject,
        display_name=principal.display_name,
        nip=principal.nip,
        office_id=principal.office_id,
        roles=sorted(principal.roles),
        national=principal.national,
    )


@router.get("/members", summary="The office's staff (every office under the national scope)")
def members(parts: Parts, admin: Admin) -> list[MemberOut]:
    return [
        MemberOut.of(member)
        for member in parts.directory.members()
        if admin.may_act_for(member.office_id)
    ]


@router.post("/members", status_code=201, summary="Register a staff member")
def add_member(body: MemberIn, parts: Parts, admin: Admin) -> MemberOut:
    password = body.password.get_secret_value() if body.password else None
    parts.add_member(
        body.username,
        body.display_name,
        body.office_id,
        body.roles,
        body.nip,
        body.national,
        password=password,
        email=body.email,
        by=admin,
    )
    return MemberOut.of(parts.directory.member(body.username))


@router.post("/members/{username}/deactivate", summary="Deactivate; their sessions end now")
def deactivate(username: Username, parts: Parts, admin: Admin) -> dict[str, Any]:
    ended = parts.deactivate(username, by=admin)
    return {"username": username, "active": False, "sessions_ended": ended}


@router.post("/members/{username}/reactivate", summary="Let a deactivated member sign in again")
def reactivate(username: Username, parts: Parts, admin: Admin) -> MemberOut:
    return MemberOut.of(parts.reactivate(username, by=admin))


@router.get("/tokens", summary="Machine tokens (never the tokens themselves)")
def tokens(parts: Parts, admin: Admin) -> list[TokenOut]:
    return [TokenOut.of(t) for t in parts.tokens.list() if admin.may_act_for(t.office_id)]


@router.post("/tokens", status_code=201, summary="Issue a machine token (shown once)")
def issue_token(body: TokenIn, parts: Parts, admin: Admin) -> NewToken:
    if body.expires_at is not None and body.expires_at.tzinfo is None:
        raise RuleViolation("expires_at", "sertakan zona waktu / needs a time zone")
    expires = body.expires_at.timestamp() if body.expires_at else None
    token, info = parts.tokens.create(
        body.subject,
        body.roles,
        body.office_id,
        expires,
        admin.subject,
        may_act_for=admin.may_act_for,
    )
    return NewToken(**TokenOut.of(info).model_dump(), token=token)


@router.post("/tokens/{token_id}/revoke", summary="Revoke a token (every process within seconds)")
def revoke_token(
    token_id: Annotated[str, Path(pattern=r"^tok_[0-9a-f]{12}$")], parts: Parts, admin: Admin
) -> TokenOut:
    mine = {t.token_id for t in parts.tokens.list() if admin.may_act_for(t.office_id)}
    if token_id not in mine:
        raise NotFound("token_id", f"token {token_id} tidak ada / no such token")
    return TokenOut.of(parts.tokens.revoke(token_id))
