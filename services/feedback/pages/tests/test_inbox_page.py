"""The supervisor's complaints inbox pages, through the hub (in-memory store, HTML over
TestClient): the list and its filters, one complaint, acknowledge, resolve with a
response (handed to the outbox for the complainant's e-mail), transcription."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from infra.delivery.message import OutboundMessage, outbound_id
from infra.security import Role
from services.feedback.answers import answer_key
from services.feedback.application import FeedbackApplication
from tests.harness import OFFICE, HubClient

SECRET = "Petugas meja 2 tidak ramah kepada saya"
FORM = {"kind": "complaint", "category": "perilaku_petugas", "message": SECRET}
ROW = re.compile(r'<th scope="row" class="reference"><a href="/pengaduan-masuk/([^"]+)">')


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("feedback", "staff"))


def feedback(client: HubClient) -> FeedbackApplication:
    app = client.hub.services["feedback"].application
    assert isinstance(app, FeedbackApplication)
    return app


def file_online(client: HubClient, **extra: str) -> str:
    """A complaint filed on the public form; its reference."""
    page = client.http.post("/pengaduan", data={**FORM, **extra})
    assert page.status_code == 200, page.text
    found = re.search(r'id="reference">(.*?)</p>', page.text, re.S)
    assert found
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def boss(client: HubClient) -> dict[str, str]:
    return client.auth(Role.SUPERVISOR)


def inbox_rows(client: HubClient, query: str = "") -> list[str]:
    page = client.http.get("/pengaduan-masuk" + query, headers=boss(client))
    assert page.status_code == 200, page.text
    return ROW.findall(page.text)


def test_the_inbox_lists_the_office_complaints_newest_first_with_their_deadlines(
    client: HubClient,
) -> None:
    first = file_online(client)
    second = file_online(client, kind="suggestion", category="sarana_prasarana")
    page = client.http.get("/pengaduan-masuk", headers=boss(client))
    assert page.status_code == 200
    assert ROW.findall(page.text) == [second, first]
    assert 'id="complaint-count">2<' in page.text
    assert "Situs web · Saran" in page.text and "Tanggapi paling lambat" in page.text
    assert SECRET not in page.text  # the text only on the complaint's own page
    assert 'href="/pengaduan-masuk" aria-current="page"' in page.text  # in the navigation


def test_the_filters_are_the_use_case_filters_and_a_wrong_one_is_named(
    client: HubClient,
) -> None:
    reference = file_online(client)
    assert inbox_rows(client, "?status=open&channel=website&overdue=tidak") == [reference]
    assert inbox_rows(client, "?status=resolved") == []
    assert inbox_rows(client, "?channel=phone") == []
    assert inbox_rows(client, "?overdue=ya") == []  # filed just now: nothing late
    assert inbox_rows(client, "?officer_id=petugas-ani") == []
    assert inbox_rows(client, "?period=2019") == []
    wrong = client.http.get("/pengaduan-masuk?period=2026-13&status=x", headers=boss(client))
    assert wrong.status_code == 422
    assert 'href="#period"' in wrong.text and 'href="#status"' in wrong.text
    assert ROW.findall(wrong.text) == []


def test_only_supervisors_open_the_inbox_and_without_a_session_it_is_the_sign_in_page(
    client: HubClient,
) -> None:
    away = client.http.get("/pengaduan-masuk?status=open", follow_redirects=False)
    assert away.status_code == 303
    assert away.headers["location"] == "/masuk?next=/pengaduan-masuk%3Fstatus%3Dopen"
    officer = client.http.get("/pengaduan-masuk", headers=client.auth(Role.OFFICER))
    assert officer.status_code == 403


def test_a_complaint_opens_acknowledged_then_resolved_and_its_response_goes_to_the_outbox(
    client: HubClient,
) -> None:
    reference = file_online(client, identity="contact", name="Siti", email="siti@contoh.id")
    page = client.http.get(f"/pengaduan-masuk/{reference}", headers=boss(client))
    assert page.status_code == 200
    assert SECRET in page.text and "siti@contoh.id" in page.text
    assert page.text.count("paling lambat") >= 2  # both deadlines on the timeline
    assert 'action="/pengaduan-masuk/' + reference + '/akui"' in page.text
    assert 'id="resolve"' not in page.text  # acknowledge first

    done = client.http.post(
        f"/pengaduan-masuk/{reference}/akui", headers=boss(client), follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?pesan=diakui")
    again = client.http.post(f"/pengaduan-masuk/{reference}/akui", headers=boss(client))
    assert again.status_code == 409 and "sudah berstatus" in again.text

    empty = client.http.post(
        f"/pengaduan-masuk/{reference}/selesai", data={"response": " "}, headers=boss(client)
    )
    assert empty.status_code == 422 and 'href="#response"' in empty.text
    answer = "Mohon maaf; petugas kami sudah kami ingatkan."
    resolved = client.http.post(
        f"/pengaduan-masuk/{reference}/selesai",
        data={"response": answer, "resolution_category": "perbaikan_layanan"},
        headers=boss(client),
    )
    assert resolved.status_code == 200 and "menunggu dikirim" in resolved.text
    assert answer in resolved.text and "Perbaikan layanan" in resolved.text
    complaint = feedback(client).find_complaint(reference)
    assert complaint.status == "resolved" and complaint.response == answer
    message: OutboundMessage = feedback(client).repository.get(
        outbound_id(answer_key(complaint.id))
    )
    assert message.recipient == "siti@contoh.id" and answer in message.text
    rows = inbox_rows(client, "?status=resolved")
    assert rows == [reference]


def test_another_office_complaint_is_not_found_and_changes_nothing(client: HubClient) -> None:
    reference = file_online(client)
    other = client.issue("kepala-3573", [Role.SUPERVISOR], "3573")
    assert client.http.get(f"/pengaduan-masuk/{reference}", headers=other).status_code == 404
    refused = client.http.post(f"/pengaduan-masuk/{reference}/akui", headers=other)
    assert refused.status_code == 404
    assert feedback(client).find_complaint(reference).status == "filed"
    assert client.http.get("/pengaduan-masuk/bukan-nomor", headers=boss(client)).status_code == 404


def test_a_box_note_and_a_phone_call_are_transcribed_with_a_reference_and_a_status_code(
    client: HubClient,
) -> None:
    desk = client.auth(Role.RECEPTIONIST)
    form = client.http.get("/pengaduan-masuk/catat", headers=desk)
    assert form.status_code == 200 and 'name="box_opened_on"' in form.text
    missing = client.http.post(
        "/pengaduan-masuk/catat", data={**FORM, "channel": "suggestion_box"}, headers=desk
    )
    assert missing.status_code == 422 and 'href="#box_opened_on"' in missing.text
    box = client.http.post(
        "/pengaduan-masuk/catat",
        data={**FORM, "channel": "suggestion_box", "box_opened_on": "2026-01-05"},
        headers=desk,
    )
    assert box.status_code == 201, box.text
    code = re.search(r'id="status-code">([^<]+)<', box.text)
    reference = re.search(r'id="reference">([^<]+)<', box.text)
    assert code and reference
    found = feedback(client).complaint_by_reference(reference.group(1), code.group(1))
    assert found.channel == "suggestion_box" and str(found.box_opened_on) == "2026-01-05"
    assert found.anonymous and found.office_id == OFFICE

    call = client.http.post(
        "/pengaduan-masuk/catat",
        data={**FORM, "channel": "phone", "phone": "0812 3456 7890", "name": "Budi"},
        headers=boss(client),
    )
    assert call.status_code == 201
    assert "Buka pengaduan" in call.text  # a supervisor goes on to the complaint
    [latest, *_] = inbox_rows(client, "?channel=phone")
    phoned = feedback(client).find_complaint(latest)
    assert phoned.contact == {"name": "Budi", "phone": "0812 3456 7890"}
    bad = client.http.post(
        "/pengaduan-masuk/catat",
        data={**FORM, "channel": "lapor", "email": "bukan-email"},
        headers=desk,
    )
    assert bad.status_code == 422 and 'href="#channel"' in bad.text and 'href="#email"' in bad.text
    assert client.http.get("/pengaduan-masuk/catat", follow_redirects=False).status_code == 303
