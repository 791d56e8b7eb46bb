from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from events.catalogue import COMPLAINT_CHANNELS, IKM_ELEMENTS, VISIT_CHANNELS
from standard import wording
from standard.wording import long_date, long_datetime


def test_dates_are_written_in_bahasa_indonesia() -> None:
    assert long_date(date(2026, 3, 25)) == "25 Maret 2026"
    moment = datetime(2026, 3, 27, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert long_datetime(moment) == "Jumat, 27 Maret 2026 pukul 16.00 WIB"


def test_the_nine_elements_carry_the_regulation_wording_in_its_order() -> None:
    assert tuple(wording.IKM_ELEMENTS) == IKM_ELEMENTS
    names = [name for name, _ in wording.IKM_ELEMENTS.values()]
    assert names[1] == "Sistem, mekanisme, dan prosedur"
    assert names[7] == "Penanganan pengaduan, saran dan masukan"


def test_every_channel_of_the_event_contract_has_a_label() -> None:
    assert set(VISIT_CHANNELS) | set(COMPLAINT_CHANNELS) <= set(wording.CHANNELS)


def test_the_catalogue_for_the_scripts_is_json_with_the_same_labels() -> None:
    words = json.loads(json.dumps(wording.catalogue()))
    assert words["channels"]["walk_in"] == "Datang langsung"
    assert words["ikm_elements"]["U2"] == {
        "id": "Sistem, mekanisme, dan prosedur",
        "en": "System, mechanism and procedure",
    }
    assert words["days"][4] == "Jumat"
