import ast
import sys
from datetime import date, time
from pathlib import Path

import pytest
from pydantic import ValidationError

from standard.office import (
    BLITAR,
    OfficeSettings,
    OpeningHours,
    UnknownOffice,
    WaitLimit,
    is_known_office,
    office_settings,
)

ALLOWED_IMPORTS = {"holidays", "pydantic", "standard"}


def test_defaults_are_the_published_blitar_standard():
    assert BLITAR.office_id == "3572"
    assert BLITAR.time_zone == "Asia/Jakarta"
    assert BLITAR.opening_hours["monday"] == OpeningHours(opens=time(8), closes=time(15, 30))
    assert BLITAR.opening_hours["thursday"].closes == time(15, 30)
    assert BLITAR.opening_hours["friday"] == OpeningHours(opens=time(8), closes=time(16))
    assert "saturday" not in BLITAR.opening_hours and "sunday" not in BLITAR.opening_hours
    assert BLITAR.wait_limit("walk_in") == WaitLimit(amount=10)
    assert {BLITAR.wait_limit(c) for c in ("halopst", "whatsapp", "email")} == {WaitLimit(amount=5)}
    assert (BLITAR.complaint_response_working_days, BLITAR.complaint_resolution_working_days) == (
        3,
        5,
    )


def test_settings_are_frozen():
    with pytest.raises(ValidationError):
        BLITAR.time_zone = "UTC"  # type: ignore[misc]


def test_opening_hours_must_open_before_they_close():
    with pytest.raises(ValidationError, match="opens must be before closes"):
        OpeningHours(opens=time(16), closes=time(8))


def test_settings_round_trip_through_json_with_sorted_closed_dates():
    settings = OfficeSettings(extra_closed_dates=frozenset({date(2026, 4, 2), date(2026, 4, 1)}))
    dumped = settings.model_dump(mode="json")
    assert dumped["extra_closed_dates"] == ["2026-04-01", "2026-04-02"]
    assert OfficeSettings.model_validate(dumped) == settings


@pytest.mark.parametrize(
    ("office_id", "zone"),
    [
        ("3572", "Asia/Jakarta"),
        ("5171", "Asia/Makassar"),
        ("9471", "Asia/Jayapura"),
        ("6171", "Asia/Pontianak"),
        ("3500", "Asia/Jakarta"),
    ],
)
def test_other_offices_get_the_defaults_in_their_province_time_zone(office_id, zone):
    settings = office_settings(office_id)
    assert (settings.office_id, settings.time_zone) == (office_id, zone)
    assert settings.opening_hours == BLITAR.opening_hours


@pytest.mark.parametrize("office_id", ["", "357", "35720", "abcd", "9972", "0172"])
def test_an_id_that_is_no_bps_office_code_is_unknown(office_id):
    assert not is_known_office(office_id)
    with pytest.raises(UnknownOffice, match="not a known BPS office code"):
        office_settings(office_id)


def test_declared_fields_override_the_defaults_of_that_office():
    settings = office_settings("5171", {"offline_wait_limit": {"amount": 15}})
    assert settings.offline_wait_limit == WaitLimit(amount=15)
    assert (settings.office_id, settings.time_zone) == ("5171", "Asia/Makassar")
    assert settings.opening_hours == BLITAR.opening_hours


def test_declared_fields_are_checked():
    with pytest.raises(ValidationError):
        office_settings("3572", {"offline_wait_limit": {"amount": -1}})


@pytest.mark.parametrize("module", ["calendar.py", "office.py"])
def test_the_calendar_kernel_imports_only_stdlib_holidays_and_pydantic(module):
    tree = ast.parse((Path(__file__).parents[1] / module).read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert roots - ALLOWED_IMPORTS <= set(sys.stdlib_module_names) | {"__future__"}
