"""Office settings: the per-office values of the service standard (SERVICE-STANDARD.md).

The defaults are the published Blitar standard (BPS Kota Blitar, office 3572). Other
offices get the same defaults in their own time zone, derived from the province part
of their BPS code, unless the office declares its own settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
ONLINE_CHANNELS: tuple[str, ...] = ("halopst", "whatsapp", "email")

# Province part of a BPS office code -> the province's legal time zone.
PROVINCE_TIME_ZONES: dict[str, str] = {
    "00": "Asia/Jakarta",  # BPS RI (national office)
    **dict.fromkeys(
        ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"), "Asia/Jakarta"
    ),  # Sumatra, Riau Islands
    **dict.fromkeys(("31", "32", "33", "34", "35", "36"), "Asia/Jakarta"),  # Java
    **dict.fromkeys(("61", "62"), "Asia/Pontianak"),  # West and Central Kalimantan (WIB)
    **dict.fromkeys(("51", "52", "53", "63", "64", "65"), "Asia/Makassar"),  # WITA
    **dict.fromkeys(("71", "72", "73", "74", "75", "76"), "Asia/Makassar"),  # Sulawesi
    **dict.fromkeys(("81", "82", "91", "92", "93", "94", "95", "96", "97"), "Asia/Jayapura"),
}
OFFICE_CODE = re.compile(r"^[0-9]{4}$")
BLITAR_OFFICE_ID = "3572"


class UnknownOffice(ValueError):
    """An office id that is not a BPS office code this hub knows."""

    def __init__(self, office_id: str) -> None:
        super().__init__(
            f"office {office_id!r} is not a known BPS office code "
            "(four digits, the first two a province code, e.g. 3572)"
        )
        self.office_id = office_id


class OpeningHours(BaseModel):
    """One weekday's opening window, in office-local time."""

    model_config = ConfigDict(frozen=True)

    opens: time
    closes: time

    @model_validator(mode="after")
    def check_opens_before_closes(self) -> OpeningHours:
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self


class WaitLimit(BaseModel):
    """The longest standard wait: business minutes, or a number of working days."""

    model_config = ConfigDict(frozen=True)

    amount: float = Field(gt=0)
    unit: Literal["business_minutes", "working_days"] = "business_minutes"


def _blitar_hours() -> dict[Weekday, OpeningHours]:
    weekday = OpeningHours(opens=time(8, 0), closes=time(15, 30))
    friday = OpeningHours(opens=time(8, 0), closes=time(16, 0))
    return {day: weekday for day in WEEKDAYS[:4]} | {"friday": friday}


DEFAULT_ONLINE_LIMIT = WaitLimit(amount=5)


def _online_limits() -> dict[str, WaitLimit]:
    return dict.fromkeys(ONLINE_CHANNELS, DEFAULT_ONLINE_LIMIT)


class OfficeSettings(BaseModel):
    """Everything the standard leaves to the office; the defaults are Blitar's."""

    model_config = ConfigDict(frozen=True)

    office_id: str = BLITAR_OFFICE_ID
    name: str = "BPS Kota Blitar"
    time_zone: str = "Asia/Jakarta"
    opening_hours: dict[Weekday, OpeningHours] = Field(default_factory=_blitar_hours)
    offline_wait_limit: WaitLimit = WaitLimit(amount=10)
    online_wait_limits: dict[str, WaitLimit] = Field(default_factory=_online_limits)
    complaint_response_working_days: int = Field(default=3, ge=1)
    complaint_resolution_working_days: int = Field(default=5, ge=1)
    extra_closed_dates: frozenset[date] = frozenset()
    holiday_country: str = "ID"
    holiday_categories: tuple[str, ...] = ("public", "government")
    holiday_language: str = "id"  # names of closed days, e.g. "Cuti Bersama Hari Suci Nyepi"

    @field_serializer("extra_closed_dates")
    def sorted_dates(self, dates: frozenset[date]) -> list[str]:
        return sorted(day.isoformat() for day in dates)

    def wait_limit(self, channel: str) -> WaitLimit:
        """The limit for a visit's channel (`walk_in` is offline; the others are online)."""
        if channel == "walk_in":
            return self.offline_wait_limit
        return self.online_wait_limits.get(channel, DEFAULT_ONLINE_LIMIT)


BLITAR = OfficeSettings()


def is_known_office(office_id: str) -> bool:
    """A four-digit BPS office code whose first two digits are a province code."""
    return bool(OFFICE_CODE.match(office_id)) and office_id[:2] in PROVINCE_TIME_ZONES


def office_settings(office_id: str, overrides: Mapping[str, Any] | None = None) -> OfficeSettings:
    """The settings of an office: the defaults in its time zone, with the fields it declared.

    `overrides` are OfficeSettings fields as JSON values (e.g. from a settings file), checked
    like any settings. Raises UnknownOffice for an id that is not a BPS office code.
    """
    if not is_known_office(office_id):
        raise UnknownOffice(office_id)
    if office_id == BLITAR_OFFICE_ID:
        defaults = BLITAR
    else:
        zone = PROVINCE_TIME_ZONES[office_id[:2]]
        defaults = OfficeSettings(office_id=office_id, name=f"BPS {office_id}", time_zone=zone)
    if not overrides:
        return defaults
    fields = {**defaults.model_dump(), **overrides, "office_id": office_id}
    return OfficeSettings.model_validate(fields)
