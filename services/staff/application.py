"""The staff directory's use cases: register, change, deactivate and reactivate members,
and look them up. Each change is one event on the member's stream. They answer with
`Member` read models, never the aggregate."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import ProcessRecorder
from eventsourcing.utils import get_topic

from infra.follower import LogFollower
from infra.roles import Principal, Role
from services.staff.domain.member import (
    StaffMember,
    check_display_name,
    check_nip,
    check_office_code,
    check_roles,
    check_username,
    member_id_for,
)
from standard.errors import Conflict, NotFound

REGISTERED = get_topic(StaffMember.Registered)


@dataclass(frozen=True)
class Member:
    """A staff member as the directory knows them now."""

    staff_id: str
    display_name: str
    nip: str | None
    office_id: str
    roles: tuple[str, ...]
    national: bool
    active: bool

    @classmethod
    def of(cls, member: StaffMember) -> Member:
        return cls(
            member.staff_id,
            member.display_name,
            member.nip,
            member.office_id,
            tuple(member.roles),
            member.national,
            member.active,
        )


def principal_of(member: Member) -> Principal:
    return Principal(
        subject=member.staff_id,
        roles=frozenset(Role(role) for role in member.roles),
        office_id=member.office_id,
        display_name=member.display_name,
        staff_id=member.staff_id,
        nip=member.nip,
        national=member.national,
    )


class StaffApplication(Application[UUID]):
    name = "staff"

    def construct_recorder(self) -> ProcessRecorder:
        # Its relay records how far it published in the same store (tracking).
        return self.factory.process_recorder()

    def register(
        self,
        username: str,
        display_name: str,
        office_id: str,
        roles: Iterable[str],
        nip: str | None = None,
        national: bool = False,
    ) -> Member:
        check_username(username)
        particulars = self._checked(display_name, nip, office_id, roles)
        if self._find(username) is not None:
            raise Conflict("username", f"nama pengguna {username} sudah terdaftar / already taken")
        member = StaffMember(
            staff_id=username,
            **particulars,
            national=national,
            occurred_at=datetime.now(UTC),
        )
        self.save(member)
        return Member.of(member)

    @staticmethod
    def _checked(
        display_name: str, nip: str | None, office_id: str, roles: Iterable[str]
    ) -> dict[str, Any]:
        return {
            "display_name": check_display_name(display_name),
            "nip": check_nip(nip),
            "office_id": check_office_code(office_id),
            "roles": check_roles(roles),
        }

    def change(
        self,
        username: str,
        display_name: str,
        office_id: str,
        roles: Iterable[str],
        nip: str | None = None,
        national: bool = False,
    ) -> Member:
        particulars = self._checked(display_name, nip, office_id, roles)
        member = self._get(username)
        if member.change(national=national, **particulars):
            self.save(member)
        return Member.of(member)

    def deactivate(self, username: str) -> Member:
        member = self._get(username)
        member.deactivate()
        self.save(member)
        return Member.of(member)

    def reactivate(self, username: str) -> Member:
        member = self._get(username)
        member.reactivate()
        self.save(member)
        return Member.of(member)

    def _find(self, username: str) -> StaffMember | None:
        try:
            member: StaffMember = self.repository.get(member_id_for(username))
        except AggregateNotFoundError:
            return None
        return member

    def _get(self, username: str) -> StaffMember:
        member = self._find(username)
        if member is None:
            raise NotFound("username", f"staf {username} tidak terdaftar / no such staff member")
        return member

    def find(self, username: str) -> Member | None:
        member = self._find(username)
        return Member.of(member) if member is not None else None

    def member(self, username: str) -> Member:
        return Member.of(self._get(username))

    def members(self) -> list[Member]:
        """Everyone ever registered, by name (a directory of tens, read whole)."""
        registrations = LogFollower(self, topics=[REGISTERED]).pages(after=0)
        ids = [event.originator_id for page in registrations for _, event in page]
        found = [Member.of(self.repository.get(member_id)) for member_id in ids]
        return sorted(found, key=lambda member: (member.display_name.lower(), member.staff_id))

    def has_admin(self) -> bool:
        return any(m.active and "admin" in m.roles for m in self.members())
