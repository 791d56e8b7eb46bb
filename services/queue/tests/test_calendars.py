from __future__ import annotations

from services.queue.calendars import OfficeCalendars
from standard.office import office_settings


def test_declared_office_settings_are_used_for_that_office() -> None:
    declared = office_settings("3572", {"offline_wait_limit": {"amount": 15}})
    calendars = OfficeCalendars({"3572": declared})
    assert calendars.settings("3572") is declared
    assert calendars.settings("3571") == office_settings("3571")
