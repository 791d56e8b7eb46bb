import json
from datetime import time
from pathlib import Path

import pytest

from standard.directory import InvalidOfficeSettings, OfficeDirectory, UnknownOfficeError
from standard.office import office_settings


def test_a_declared_office_gets_its_fields_over_its_own_defaults(tmp_path: Path) -> None:
    declared = {"7371": {"name": "BPS Kota Makassar", "extra_closed_dates": ["2026-12-24"]}}
    path = tmp_path / "offices.json"
    path.write_text(json.dumps(declared))
    directory = OfficeDirectory.from_file(path)
    makassar = directory.settings("7371")
    assert makassar.name == "BPS Kota Makassar"
    assert makassar.time_zone == "Asia/Makassar"  # the province's zone, not Blitar's
    assert str(sorted(makassar.extra_closed_dates)[0]) == "2026-12-24"
    assert directory.settings("3571") == office_settings("3571")  # undeclared: defaults
    assert directory.declared == ["7371"]


def test_one_calendar_per_office_is_kept(tmp_path: Path) -> None:
    directory = OfficeDirectory(
        {"3572": {"opening_hours": {"monday": {"opens": "09:00", "closes": "12:00"}}}}
    )
    calendar = directory.calendar("3572")
    assert directory.calendar("3572") is calendar
    assert calendar.settings.opening_hours["monday"].opens == time(9, 0)


def test_an_unknown_office_is_a_rule_violation_naming_office_id() -> None:
    with pytest.raises(UnknownOfficeError) as refused:
        OfficeDirectory().calendar("9999")
    assert refused.value.field == "office_id" and "9999" in refused.value.reason


@pytest.mark.parametrize(
    "declared",
    [{"9999": {}}, {"3572": {"complaint_response_working_days": 0}}, {"3572": {"time_zone": 5}}],
)
def test_a_bad_declaration_stops_start_up(declared: dict) -> None:
    with pytest.raises(InvalidOfficeSettings) as refused:
        OfficeDirectory(declared)
    assert next(iter(declared)) in str(refused.value)


def test_an_unreadable_file_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "offices.json"
    path.write_text("[1, 2]")
    with pytest.raises(InvalidOfficeSettings):
        OfficeDirectory.from_file(path)
