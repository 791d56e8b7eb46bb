"""`hub users ...` and `hub token ...`: the staff directory and machine tokens from a shell.

They write to the same store as the running hub (SQLite under var/, or PostgreSQL), so a
new account or token works at once and a revoked token is refused within seconds by
every running process, without a restart.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hub.settings import HubSettings
from infra.roles import Role

if TYPE_CHECKING:
    from services.staff.container import StaffParts
from standard.errors import RuleViolation

users_app = typer.Typer(help="Akun staf / staff accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Token mesin (adaptor kanal, skrip) / machine tokens.")
StaffRole = Annotated[
    list[str],
    typer.Option("--role", help="receptionist, officer, supervisor, auditor or admin; repeat"),
]


def open_staff(settings: HubSettings | None = None) -> StaffParts:
    from infra.context import ServiceContext
    from services.staff.composition import build_parts

    chosen = settings or HubSettings()
    chosen.var_dir.mkdir(parents=True, exist_ok=True)
    return build_parts(ServiceContext.from_settings(chosen), chosen.staff)


@contextmanager
def refusals() -> Iterator[None]:
    """A refused command says which field and why on stderr, and exits 2."""
    try:
        yield
    except RuleViolation as broken:
        typer.echo(f"hub: {broken.field}: {broken.reason}", err=True)
        raise typer.Exit(2) from None


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        value = typer.prompt(
            "Kata sandi (kosong: hanya SSO)",
            default="",
            hide_input=True,
            confirmation_prompt=True,
            show_default=False,
        )
        return str(value) or None
    return None


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="e.g. ani.rahma (lowercase)")],
    name: Annotated[str, typer.Option("--name", help="full name, as in reports")],
    role: StaffRole,
    office: Annotated[str, typer.Option(help="BPS office code")] = "",
    nip: Annotated[str | None, typer.Option(help="18-digit NIP")] = None,
    email: Annotated[str | None, typer.Option(help="work e-mail (kept off the bus)")] = None,
    national: Annotated[bool, typer.Option(help="every office (BPS auditors)")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from stdin's first line")
    ] = False,
) -> None:
    """Register a staff member (with a password, or for single sign-on only)."""
    settings = HubSettings()
    parts = open_staff(settings)
    with refusals():
        parts.add_member(
            username,
            name,
            office or settings.office_id,
            role,
            nip,
            national,
            password=_password(password_stdin),
            email=email,
        )
    typer.echo(f"added {username}")


@users_app.command("list")
def users_list(
    as_json: Annotated[bool, typer.Option("--json", help="one JSON document")] = False,
) -> None:
    """Everyone in the directory, active or not."""
    parts = open_staff()
    rows: list[dict[str, Any]] = [
        {
            "username": m.staff_id,
            "name": m.display_name,
            "nip": m.nip,
            "office_id": m.office_id,
            "roles": list(m.roles),
            "national": m.national,
            "active": m.active,
        }
        for m in parts.directory.members()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        state = "aktif" if row["active"] else "nonaktif"
        roles = ",".join(row["roles"])
        typer.echo(f"{row['username']:<20} {row['office_id']} {state:<8} {roles:<28} {row['name']}")


@users_app.command("deactivate")
def users_deactivate(username: str) -> None:
    """Deactivate an account: its sessions end at once, in every process."""
    parts = open_staff()
    with refusals():
        ended = parts.deactivate(username)
    typer.echo(f"deactivated {username}; {ended} session(s) ended")


@users_app.command("reactivate")
def users_reactivate(username: str) -> None:
    parts = open_staff()
    with refusals():
        parts.directory.reactivate(username)
    typer.echo(f"reactivated {username}")


@users_app.command("password")
def users_password(
    username: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a new password; the member's sessions end."""
    parts = open_staff()
    with refusals():
        parts.directory.member(username)
        parts.credentials.set(username, _password(password_stdin) or "")
    parts.sessions.close_all(username)
    typer.echo(f"password set for {username}")


def parse_expiry(text: str | None, now: datetime | None = None) -> float | None:
    """`30d`, `12h`, `90m` from now, or an ISO date/instant (a date: its end, UTC)."""
    if not text:
        return None
    moment = now or datetime.now(UTC)
    relative = re.fullmatch(r"([0-9]{1,5})([dhm])", text.strip())
    if relative:
        amount, unit = int(relative[1]), relative[2]
        delta = {"d": timedelta(days=amount), "h": timedelta(hours=amount)}.get(
            unit, timedelta(minutes=amount)
        )
        return (moment + delta).timestamp()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise RuleViolation("expires", "pakai 30d, 12h, 90m atau tanggal ISO") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
        if len(text) == 10:  # a date alone: valid through that day
            when += timedelta(days=1)
    return when.timestamp()


@token_app.command("create")
def token_create(
    subject: Annotated[str, typer.Option(help="Who holds it, e.g. adaptor-whatsapp")],
    role: Annotated[list[Role], typer.Option(help="Role(s); repeat the option for several")],
    office: Annotated[str, typer.Option(help="BPS office code")] = "",
    expires: Annotated[
        str | None, typer.Option(help="30d, 12h, 90m, or an ISO date; default: no expiry")
    ] = None,
) -> None:
    """Issue a token; only its hash is stored. The token is the last line printed."""
    settings = HubSettings()
    parts = open_staff(settings)  # kept: the store closes with the application
    with refusals():
        token, info = parts.tokens.create(
            subject, list(role), office or settings.office_id, parse_expiry(expires), "cli"
        )
    typer.echo(f"# {info.token_id} for {subject}; shown once", err=True)
    typer.echo(token)


@token_app.command("list")
def token_list(
    as_json: Annotated[bool, typer.Option("--json", help="one JSON document")] = False,
) -> None:
    """Every token: id, holder, roles, office, expiry, state (never the token)."""
    parts = open_staff()
    found = parts.tokens.list()
    if as_json:
        rows = [{**t.__dict__, "roles": list(t.roles), "state": t.state} for t in found]
        typer.echo(json.dumps(rows, indent=2))
        return
    for t in found:
        expiry = (
            datetime.fromtimestamp(t.expires_at, UTC).isoformat(timespec="minutes")
            if t.expires_at
            else "-"
        )
        typer.echo(
            f"{t.token_id} {t.state:<8} {t.office_id} {','.join(t.roles):<20} "
            f"{expiry:<22} {t.subject}"
        )


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="tok_... from `hub token list`")]):
    """Revoke a token: every running process refuses it within seconds."""
    parts = open_staff()
    with refusals():
        parts.tokens.revoke(token_id)
    typer.echo(f"revoked {token_id}")
