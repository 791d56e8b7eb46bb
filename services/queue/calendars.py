"""Each office's settings and service calendar (standard/), cached, for the queue's views."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from services.queue.domain.errors import QueueRuleBroken
from standard.calendar import ServiceCalendar
from standard.office import OfficeSettings, UnknownOffice, office_settings

SettingsLookup = Callable[[str], OfficeSettings]


class OfficeCalendars:
    def __init__(self, declared: Mapping[str, OfficeSettings] | None = None) -> None:
        self._declared = dict(declared or {})
        self._calendars: dict[str, ServiceCalendar] = {}

    def settings(self, office_id: str) -> OfficeSettings:
        """The office's declared settings, else the standard's defaults for that office."""
        declared = self._declared.get(office_id)
        if declared is not None:
            return declared
        try:
            return office_settings(office_id)
        except UnknownOffice as exc:
            raise QueueRuleBroken("office_id", str(exc)) from None

    def calendar(self, office_id: str) -> ServiceCalendar:
        found = self._calendars.get(office_id)
        if found is None:
            found = self._calendars[office_id] = ServiceCalendar(self.settings(office_id))
        return found

    def local_date(self, office_id: str, instant: datetime) -> date:
        return self.calendar(office_id).local_date(instant)
