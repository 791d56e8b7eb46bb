"""The staff shell's navigation, in one place: which staff page each role may open.

A link shows only when the app serves its path (a page a hub does not run is not offered)
and, once someone is signed in, only to the roles listed. A service that adds a staff page
adds its line here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from infra.roles import Role


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    label_en: str
    roles: frozenset[str]

    @property
    def path(self) -> str:
        return self.href.partition("?")[0]

    def open_to(self, roles: Iterable[str]) -> bool:
        """Holders of the link's roles, and admins (who may open every page, as `require`)."""
        held = {str(role) for role in roles}
        return bool(self.roles & held) or str(Role.ADMIN) in held


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(str(role) for role in roles)


STAFF_PAGES: tuple[NavLink, ...] = (
    NavLink("/resepsionis", "Resepsionis", "reception", _roles(Role.RECEPTIONIST)),
    NavLink("/petugas", "Konsol petugas", "officer console", _roles(Role.OFFICER)),
    NavLink(
        "/dashboard",
        "Dasbor SLA",
        "service-standard dashboard",
        _roles(Role.OFFICER, Role.SUPERVISOR, Role.AUDITOR),
    ),
    NavLink("/pengaduan-masuk", "Pengaduan masuk", "complaints inbox", _roles(Role.SUPERVISOR)),
    NavLink("/laporan", "Pusat laporan", "report center", _roles(Role.SUPERVISOR, Role.AUDITOR)),
    NavLink("/admin/staf", "Kelola staf", "staff", _roles(Role.ADMIN)),
    NavLink("/admin/token", "Token mesin", "machine tokens", _roles(Role.ADMIN)),
    NavLink("/admin/audit", "Jejak masuk", "sign-in audit", _roles(Role.ADMIN)),
)
# Visitor pages the home page lists; `{office}` is the hub's own office.
PUBLIC_PAGES: tuple[NavLink, ...] = (
    NavLink("/pengaduan", "Pengaduan, saran dan pujian", "complaints and suggestions", frozenset()),
    NavLink(
        "/antrian?office_id={office}",
        "Layar antrean ruang tunggu",
        "waiting-room display",
        frozenset(),
    ),
)
