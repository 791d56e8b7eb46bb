"""The website complaint form, through the hub (in-memory store, HTML over TestClient)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from infra.security import Role
from services.feedback.domain.complaint import CATEGORIES
from services.feedback.tests.envelopes import published
from standard.wording import COMPLAINT_CATEGORIES as CATEGORY_LABELS
from standard.wording import COMPLAINT_KINDS as KIND_LABELS
from tests.harness import HubClient

SECRET = "Petugas meja 2 tidak ramah kepada saya"
FORM = {"kind": "complaint", "category": "perilaku_petugas", "message": SECRET}
REFERENCE = re.compile(r'id="reference">(.*?)</p>', re.S)


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("feedback",))


def reference_on(page: str) -> str:
    found = REFERENCE.search(page)
    assert found, "no reference number on the page"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def complaint(client: HubClient, complaint_id: str) -> dict[str, Any]:
    response = client.http.get(
        f"/api/feedback/complaints/{complaint_id}", headers=client.auth(Role.SUPERVISOR)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_form_offers_every_kind_and_every_category_of_the_catalogue(
    client: HubClient,
) -> None:
    response = client.http.get("/pengaduan")
    assert response.status_code == 200
    page = response.text
    assert set(KIND_LABELS) == {"complaint", "suggestion", "praise"}
    assert set(CATEGORY_LABELS) == set(CATEGORIES)
    for code in KIND_LABELS:
        assert f'name="kind" value="{code}"' in page
    for code in CATEGORIES:
        assert f'<option value="{code}">{CATEGORY_LABELS[code]}</option>' in page
    assert 'value="anonymous" checked' in page  # anonymous unless the visitor says otherwise


def test_an_anonymous_complaint_gets_a_reference_deadlines_and_the_other_channels(
    client: HubClient,
) -> None:
    response = client.http.post("/pengaduan", data={**FORM, "name": "Budi", "identity": ""})
    assert response.status_code == 200, response.text
    page = response.text
    details = complaint(client, reference_on(page))
    assert details["channel"] == "website" and details["message"] == SECRET
    assert details["anonymous"] is True and details["contact"] is None  # the name is dropped
    assert "Pengaduan Anda sudah kami terima" in page
    for channel in ("lapor.go.id", "0342-8178012", "0851 8226 2225", "depan ruang tunggu"):
        assert channel in page
    assert "Tanggapan pertama paling lambat" in page


def test_a_complaint_with_a_contact_keeps_it_in_feedback_and_off_the_bus(
    client: HubClient,
) -> None:
    contact = {"name": "Budi Santoso", "email": "budi@example.org", "phone": "0812 3456 7890"}
    form = {**FORM, "identity": "contact", "visit_id": "visit-7", **contact}
    response = client.http.post("/pengaduan", data=form)
    assert response.status_code == 200, response.text
    details = complaint(client, reference_on(response.text))
    assert details["contact"] == contact and details["visit_id"] == "visit-7"
    [filed] = published(client)
    assert filed.data["visit_id"] == "visit-7" and filed.data["channel"] == "website"
    for private in (SECRET, "Budi", "example.org", "3456"):
        assert private not in str(filed.to_json_dict())


def test_praise_is_thanked_without_deadlines(client: HubClient) -> None:
    form = {**FORM, "kind": "praise", "message": "Pelayanan cepat sekali."}
    response = client.http.post("/pengaduan", data=form)
    assert response.status_code == 200
    assert "Pujian Anda sudah kami terima" in response.text
    assert "paling lambat" not in response.text


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"message": "   "}, "message", "Tuliskan isi pengaduan"),
        ({"category": "Pak Darmo"}, "category", "Pilih kategori"),
        ({"kind": "threat"}, "kind", "Pilih jenis masukan"),
        ({"visit_id": "kunjungan saya"}, "visit_id", "Nomor kunjungan hanya"),
        ({"identity": "contact", "name": "Budi"}, "email", "Isi e-mail atau nomor telepon"),
        ({"identity": "contact", "email": "budi@"}, "email", "Alamat e-mail tidak valid"),
        ({"identity": "contact", "phone": "call me"}, "phone", "Nomor telepon/WhatsApp tidak"),
        ({"message": "x" * 4001}, "message", "Isi paling banyak 4000 karakter"),
    ],
)
def test_a_bad_field_is_named_and_the_form_keeps_what_was_typed(
    client: HubClient, change: dict[str, str], field: str, text: str
) -> None:
    response = client.http.post("/pengaduan", data={**FORM, "visit_id": "visit-7", **change})
    assert response.status_code == 422
    page = response.text
    assert f'<li><a href="#{field}">{text}' in page
    assert f'id="{field}-error" class="error-message">{text}' in page
    if field != "message":
        assert f">{SECRET}</textarea>" in page
    assert published(client) == []


def test_the_form_is_rate_limited_like_the_json_endpoint(client: HubClient) -> None:
    statuses = [client.http.post("/pengaduan", data=FORM).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    assert len(published(client)) == 10


def test_what_was_typed_is_shown_back_escaped(client: HubClient) -> None:
    form = {**FORM, "category": "", "message": "<script>alert(1)</script>"}
    response = client.http.post("/pengaduan", data=form)
    assert response.status_code == 422
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in response.text
    assert "<script>" not in response.text
