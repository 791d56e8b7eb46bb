"""The waiting-room display's page: public, per office, with the service calendar's week."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.harness import HubClient


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("queue",))


def test_the_display_page_is_public_and_follows_its_office_feed(client: HubClient) -> None:
    response = client.http.get("/antrian", params={"office_id": "3572"})
    assert response.status_code == 200
    page = response.text
    assert 'data-feed="/api/queue/display/events?office_id=3572"' in page
    assert 'data-zone="Asia/Jakarta"' in page and "BPS Kota Blitar" in page
    assert "<script>" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    assert re.search(r'<script src="/static/queue/display\.js\?v=[0-9a-f]{12}" defer>', page)
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_the_display_shows_the_weekly_opening_hours_of_the_service_calendar(
    client: HubClient,
) -> None:
    page = client.http.get("/antrian", params={"office_id": "3572"}).text
    items = re.findall(r'<span class="schedule-item">([^<]+)</span>', page)
    assert [item.strip() for item in items] == [
        "Senin–Kamis 08.00–15.30 WIB",
        "Jumat 08.00–16.00 WIB",
        "Sabtu &amp; Minggu tutup",
        "Libur nasional &amp; cuti bersama tutup",
    ]


def test_an_office_in_another_time_zone_shows_its_own_zone(client: HubClient) -> None:
    page = client.http.get("/antrian", params={"office_id": "7371"}).text  # Kota Makassar
    assert 'data-zone="Asia/Makassar"' in page and "08.00–15.30 WITA" in page


def test_without_an_office_the_display_opens_the_hub_office(client: HubClient) -> None:
    response = client.http.get("/antrian", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/antrian?office_id=3572"


@pytest.mark.parametrize("office_id", ["35a2", "9999", "35721"])
def test_an_unknown_office_gets_a_page_saying_so_in_indonesian(
    client: HubClient, office_id: str
) -> None:
    response = client.http.get("/antrian", params={"office_id": office_id})
    assert response.status_code == 422
    assert "Kode kantor tidak dikenal" in response.text and "data-feed" not in response.text
