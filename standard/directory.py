"""The office directory: every office's settings and service calendar, asked by every service.

One directory per process, built by the composition root from the declared settings file
(`{"3572": {<OfficeSettings fields>}, ...}`, the same file `hub report --settings` reads);
an office that declares nothing gets the standard's defaults in its own time zone. It
keeps one calendar per office (a calendar caches its opening windows and holidays).
An id that is no BPS office code is the same answer everywhere: a rule violation that
names `office_id`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from standard.calendar import ServiceCalendar
from standard.errors import RuleViolation
from standard.office import (
    BLITAR_OFFICE_ID,
    OfficeSettings,
    UnknownOffice,
    is_known_office,
    office_settings,
)

DECLARED = TypeAdapter(dict[str, dict[str, Any]])


class UnknownOfficeError(RuleViolation):
    kind = "unknown_office"


class InvalidOfficeSettings(ValueError):
    """The declared settings file cannot be used; the message names the office and field."""


class OfficeDirectory:
    def __init__(
        self, declared: Mapping[str, Mapping[str, Any]] | None = None, home: str = BLITAR_OFFICE_ID
    ) -> None:
        self.home = home  # this hub's own office: pages that name no office show it
        self._declared = {office: dict(fields) for office, fields in (declared or {}).items()}
        self._settings: dict[str, OfficeSettings] = {}
        self._calendars: dict[str, ServiceCalendar] = {}
        self._lock = threading.Lock()
        for office_id in self._declared:  # a bad declaration stops start-up, not a request
            try:
                self.settings(office_id)
            except (UnknownOfficeError, ValidationError) as exc:
                raise InvalidOfficeSettings(f"office {office_id}: {exc}") from None

    @classmethod
    def from_file(cls, path: Path | None, home: str = BLITAR_OFFICE_ID) -> OfficeDirectory:
        if path is None:
            return cls(home=home)
        try:
            return cls(DECLARED.validate_json(path.read_bytes()), home)
        except (OSError, ValidationError) as exc:
            raise InvalidOfficeSettings(f"{path}: {exc}") from None

    @property
    def declared(self) -> list[str]:
        return sorted(self._declared)

    def is_known(self, office_id: str) -> bool:
        return is_known_office(office_id)

    def settings(self, office_id: str) -> OfficeSettings:
        with self._lock:
            found = self._settings.get(office_id)
        if found is not None:
            return found
        try:
            found = office_settings(office_id, self._declared.get(office_id))
        except UnknownOffice as exc:
            reason = f"kode kantor BPS tidak dikenal / {exc}"
            raise UnknownOfficeError("office_id", reason) from None
        with self._lock:
            return self._settings.setdefault(office_id, found)

    def calendar(self, office_id: str) -> ServiceCalendar:
        with self._lock:
            found = self._calendars.get(office_id)
        if found is not None:
            return found
        calendar = ServiceCalendar(self.settings(office_id))
        with self._lock:
            return self._calendars.setdefault(office_id, calendar)
