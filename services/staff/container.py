"""The staff service's parts, found by the routes by type (`provided(StaffParts)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from infra.roles import Principal
from services.staff.accounts import (
    Accounts,
    Audit,
    Credentials,
    DeviceCookies,
    Pending,
    Profiles,
    Sessions,
    Throttle,
)
from services.staff.application import Member, StaffApplication
from services.staff.settings import StaffSettings
from services.staff.tables import Tables
from services.staff.tokens import MachineTokens
from standard.errors import NotFound, NotPermitted, ensure_office

if TYPE_CHECKING:
    from services.staff.oidc import SingleSignOn


@dataclass
class StaffParts:
    directory: StaffApplication
    settings: StaffSettings
    tables: Tables
    credentials: Credentials
    sessions: Sessions
    throttle: Throttle
    audit: Audit
    accounts: Accounts
    tokens: MachineTokens
    pending: Pending
    profiles: Profiles
    devices: DeviceCookies
    office_id: str = "3572"  # the hub's home office (the first admin's default)
    sso: SingleSignOn | None = field(default=None)

    @classmethod
    def build(
        cls,
        directory: StaffApplication,
        settings: StaffSettings,
        secret_key: str,
        office_id: str = "3572",
    ) -> StaffParts:
        tables = Tables(directory)
        credentials = Credentials(tables)
        sessions = Sessions(tables, directory, settings)
        throttle = Throttle(tables, settings)
        audit = Audit(tables)
        sso = None
        if settings.sso_enabled:
            from services.staff.oidc import SingleSignOn

            sso = SingleSignOn(settings)
        return cls(
            directory=directory,
            settings=settings,
            tables=tables,
            credentials=credentials,
            sessions=sessions,
            throttle=throttle,
            audit=audit,
            accounts=Accounts(directory, credentials, sessions, throttle, audit),
            tokens=MachineTokens(tables, settings.token_cache_seconds),
            pending=Pending(tables),
            profiles=Profiles(tables),
            devices=DeviceCookies(secret_key),
            office_id=office_id,
            sso=sso,
        )

    def add_member(
        self,
        username: str,
        display_name: str,
        office_id: str,
        roles: list[str],
        nip: str | None = None,
        national: bool = False,
        password: str | None = None,
        email: str | None = None,
        *,
        by: Principal | None = None,
    ) -> None:
        """Registers a member and sets their password, checking both before saving either;
        `by`, an admin, only in their own office, and national scope only when national."""
        if by is not None:
            ensure_manages(by, office_id, national)
        from services.staff.domain.member import check_email, check_username
        from services.staff.passwords import check_new_password

        check_username(username)
        email = check_email(email)
        if password is not None:
            check_new_password(password, username)
        self.directory.register(username, display_name, office_id, roles, nip, national)
        if password is not None:
            self.credentials.set(username, password)
        self.profiles.set_email(username, email)

    def deactivate(self, username: str, *, by: Principal | None = None) -> int:
        """Deactivates a member and ends their sessions; how many sessions ended."""
        if by is not None:
            self.managed_member(by, username)
        self.directory.deactivate(username)
        return self.sessions.close_all(username)

    def managed_member(self, by: Principal, username: str) -> Member:
        """A member `by` may manage; another office's people are not even found."""
        member = self.directory.member(username)
        if not by.may_act_for(member.office_id):
            raise NotFound("username", f"staf {username} tidak terdaftar / no such staff member")
        return member

    def reactivate(self, username: str, *, by: Principal | None = None) -> Member:
        if by is not None:
            self.managed_member(by, username)
        return self.directory.reactivate(username)


def ensure_manages(by: Principal, office_id: str, national: bool = False) -> None:
    """An admin manages their own office; only a national admin grants national scope."""
    ensure_office(by.may_act_for, office_id)
    if national and not by.national:
        raise NotPermitted(
            "national",
            "lingkup nasional hanya dapat diberikan admin nasional / "
            "only a national admin may grant national scope",
        )
