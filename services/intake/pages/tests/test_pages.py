"""Intake's pages over HTTP: who may open the desk, the printable ticket, the kiosk's form
(no script needed) and the visitor's status page, with nothing personal where visitors look."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from infra.security import Role
from services.intake.tests.payloads import fixture_json
from tests.harness import HubClient


@pytest.fixture
def office(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("intake", "queue", "feedback", "staff"))


def walk_in(client: HubClient) -> dict[str, Any]:
    response = client.http.post(
        "/api/intake/walk-ins",
        json=fixture_json("walk_in.json"),
        headers=client.auth(Role.RECEPTIONIST),
    )
    assert response.status_code == 201, response.text
    client.hub.drain()
    view = client.http.get(
        f"/api/intake/visits/{response.json()['visit_id']}", headers=client.auth(Role.RECEPTIONIST)
    )
    return dict(view.json())


def test_the_desk_is_for_receptionists(office: HubClient) -> None:
    assert office.http.get("/resepsionis", follow_redirects=False).headers["location"] == (
        "/masuk?next=/resepsionis"
    )
    office.add_staff("ani", [Role.OFFICER])
    forbidden = office.sign_in("ani").get("/resepsionis")
    assert forbidden.status_code == 403 and "bukan untuk peran Anda" in forbidden.text
    office.add_staff("rina", [Role.RECEPTIONIST])
    page = office.sign_in("rina").get("/resepsionis")
    assert page.status_code == 200
    assert 'id="walk-in"' in page.text and "Kunjungan hari ini" in page.text
    assert "content-security-policy" in page.headers


def test_the_ticket_has_the_number_the_time_and_a_qr_code(office: HubClient) -> None:
    view = walk_in(office)
    office.add_staff("rina", [Role.RECEPTIONIST])
    page = office.sign_in("rina").get(f"/resepsionis/tiket/{view['visit_id']}")
    assert page.status_code == 200
    assert "A-001" in page.text and "17 Maret 2026, 08.10 WIB" in page.text
    assert 'src="data:image/svg+xml' in page.text and "KTP ····0001" in page.text
    assert "Pengaduan dan saran: http://127.0.0.1:8000/pengaduan" in page.text


def test_the_end_of_day_page_lists_names_and_contacts(office: HubClient) -> None:
    walk_in(office)
    office.add_staff("rina", [Role.RECEPTIONIST])
    page = office.sign_in("rina").get("/resepsionis/kartu?tanggal=2026-03-17")
    assert "Siti Rahayu" in page.text and "081234567890" in page.text
    assert "1 kartu masih disimpan" in page.text and "3572011203900001" not in page.text


def test_the_kiosk_form_signs_the_guest_book_and_resets(office: HubClient) -> None:
    token = str(walk_in(office)["status_url"]).rsplit("/", 1)[1]
    form = office.http.get(f"/buku-tamu/{token}")
    assert form.status_code == 200
    assert "Asal instansi" in form.text and "Perguruan tinggi" in form.text
    assert "Siti" not in form.text and "Keluar" not in form.text  # nothing of anyone
    done = office.http.post(
        f"/buku-tamu/{token}", data={"institution_type": "perguruan_tinggi", "note": "Data TPT"}
    )
    assert done.status_code == 200 and "Terima kasih" in done.text
    assert 'data-reset-to="/buku-tamu"' in done.text
    again = office.http.get(f"/buku-tamu/{token}")
    assert again.status_code == 409 and "sudah diisi" in again.text
    bad = office.http.post(f"/buku-tamu/{'0' * 64}", data={})
    assert bad.status_code == 404
    idle = office.http.get("/buku-tamu")
    assert idle.status_code == 200 and "pindai kode QR" in idle.text


def test_the_status_page_shows_the_ticket_and_nothing_personal(office: HubClient) -> None:
    token = str(walk_in(office)["status_url"]).rsplit("/", 1)[1]
    page = office.http.get(f"/kunjungan/{token}")
    assert page.status_code == 200
    assert "A-001" in page.text and "Menunggu" in page.text
    assert "Siti" not in page.text and "0001" not in page.text.replace("A-001", "")
    assert office.http.get("/kunjungan/" + "0" * 64).status_code == 404
