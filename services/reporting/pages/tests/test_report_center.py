"""The report center (/laporan): downloads in every format with the person's credential,
the sign-in page without one (a report link opened in a browser too), the stored
evaluations with their provenance, and the delivery schedule a supervisor edits."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from email.message import EmailMessage

import orjson
import psycopg
import pytest

from infra.security import Role
from services.reporting.delivery import Delivery, Schedules
from services.reporting.live import LiveReporting
from services.reporting.periods import month, year
from services.reporting.settings import SmtpSettings
from services.reporting.store_postgres import PostgresStore
from services.reporting.store_sqlite import SqliteStore
from tests.harness import OFFICE, HubClient

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
SIGNATURES = {
    "pdf": b"%PDF-",
    "xlsx": b"PK\x03\x04",
    "json": b"{",
    "csv": None,
    "html": b"<!doctype html",
}


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("reporting", "staff"))


def reporting(client: HubClient) -> LiveReporting:
    container = client.hub.services["reporting"].container
    assert isinstance(container, LiveReporting)
    return container


def boss(client: HubClient) -> dict[str, str]:
    return client.auth(Role.SUPERVISOR)


def test_the_center_offers_every_period_and_format_and_sits_in_the_navigation(
    client: HubClient,
) -> None:
    page = client.http.get("/laporan", headers=boss(client))
    assert page.status_code == 200
    html = page.text
    assert 'href="/laporan" aria-current="page"' in html
    this_month = f"{reporting(client).now():%Y-%m}"
    for code in SIGNATURES:
        assert f"/laporan/unduh?period={this_month}&amp;format={code}" in html
        assert f'name="format" value="{code}"' in html
    assert 'id="monthly-form"' in html and 'id="yearly-form"' in html
    assert 'id="range-form"' in html and 'id="schedule-form"' in html
    assert "<script>" not in html and "style=" not in html
    auditor = client.http.get("/laporan", headers=client.auth(Role.AUDITOR))
    assert auditor.status_code == 200 and 'id="schedule-form"' not in auditor.text
    assert client.http.get("/laporan", headers=client.auth(Role.OFFICER)).status_code == 403


@pytest.mark.parametrize("format_name", sorted(SIGNATURES))
def test_a_download_is_the_report_in_its_format_with_its_provenance(
    client: HubClient, format_name: str
) -> None:
    this_month = f"{reporting(client).now():%Y-%m}"
    response = client.http.get(
        f"/laporan/unduh?period={this_month}&format={format_name}", headers=boss(client)
    )
    assert response.status_code == 200, response.text
    signature = SIGNATURES[format_name]
    assert signature is None or response.content.startswith(signature)
    assert response.headers["x-report-events-digest"]
    assert f"laporan-{OFFICE}-{this_month}.{format_name}" in response.headers["content-disposition"]


def test_a_range_and_a_year_download_and_a_wrong_one_is_said_beside_its_field(
    client: HubClient,
) -> None:
    ranged = client.http.get(
        "/laporan/unduh?start=2026-03-01&end=2026-03-15&format=json", headers=boss(client)
    )
    assert ranged.status_code == 200
    assert orjson.loads(ranged.content)["period_label"] == "2026-03-01..2026-03-15"
    yearly = client.http.get("/laporan/unduh?period=2025&format=json", headers=boss(client))
    assert orjson.loads(yearly.content)["period_label"] == "2025"
    backwards = client.http.get(
        "/laporan/unduh?start=2026-03-15&end=2026-03-01&format=pdf", headers=boss(client)
    )
    assert backwards.status_code == 422 and 'href="#end"' in backwards.text
    wrong = client.http.get("/laporan/unduh?period=2026-03&format=docx", headers=boss(client))
    assert wrong.status_code == 422 and 'href="#format"' in wrong.text


def test_without_a_session_a_report_link_goes_to_sign_in_and_an_api_client_gets_401(
    client: HubClient,
) -> None:
    page = client.http.get("/laporan/unduh?period=2026-03&format=pdf", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/masuk?next=/laporan/unduh")
    api = f"/api/reporting/offices/{OFFICE}/reports/monthly/2026/3?format=pdf"
    opened = client.http.get(api, headers=BROWSER, follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"].startswith("/masuk?next=/api/reporting/offices/")
    assert client.http.get(api).status_code == 401  # a script still hears 401
    assert client.http.get(api, headers={**BROWSER, **boss(client)}).status_code == 200


def test_a_signed_in_person_downloads_with_the_session_cookie(client: HubClient) -> None:
    client.add_staff("bu-sri", [Role.SUPERVISOR])
    browser = client.sign_in("bu-sri")
    del browser.headers["X-CSRF-Token"]  # a link: only the cookie
    api = f"/api/reporting/offices/{OFFICE}/reports/monthly/2026/3?format=xlsx"
    assert browser.get(api, headers=BROWSER).content.startswith(b"PK")
    assert browser.get("/laporan/unduh?period=2026&format=pdf").content.startswith(b"%PDF")


def test_stored_evaluations_show_their_provenance_and_download_in_every_format(
    client: HubClient,
) -> None:
    live = reporting(client)
    [monthly, *_] = Delivery(live, SmtpSettings(), OFFICE).run()
    label = monthly.label
    page = client.http.get("/laporan", headers=boss(client)).text
    stored = orjson.loads(live.store.stored_evaluation(OFFICE, label)["report"])  # type: ignore[index]
    digest = stored["provenance"]["events_digest"]["sha256"]
    row = re.search(rf"<tr>\s*<th scope=\"row\">{label}.*?</tr>", page, re.S)
    assert row and digest in row.group(0) and stored["as_of"] in row.group(0)
    for code, signature in SIGNATURES.items():
        download = client.http.get(f"/laporan/evaluasi/{label}?format={code}", headers=boss(client))
        assert download.status_code == 200
        assert signature is None or download.content.startswith(signature)
    missing = client.http.get("/laporan/evaluasi/1999-01?format=pdf", headers=boss(client))
    assert missing.status_code == 404


def test_the_supervisor_edits_the_schedule_over_the_settings_default(client: HubClient) -> None:
    live = reporting(client)
    live.settings.managers[OFFICE] = ["kepala@bps.go.id"]
    page = client.http.get("/laporan", headers=boss(client)).text
    assert "kepala@bps.go.id" in page and "PST_REPORTING_MANAGERS" in page
    bad = client.http.post(
        "/laporan/pengiriman",
        data={"recipients": "kepala@bps.go.id\nbukan-alamat", "monthly": "1", "formats": "pdf"},
        headers=boss(client),
    )
    assert (
        bad.status_code == 422 and 'href="#recipients"' in bad.text and "bukan-alamat" in bad.text
    )
    assert Schedules(live).of(OFFICE).changed_by is None  # nothing recorded
    saved = client.http.post(
        "/laporan/pengiriman",
        data={"recipients": "a@bps.go.id, b@bps.go.id", "monthly": "1", "formats": ["pdf", "csv"]},
        headers=boss(client),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    schedule = Schedules(live).of(OFFICE)
    assert schedule.recipients == ("a@bps.go.id", "b@bps.go.id")
    assert (schedule.monthly, schedule.yearly, schedule.formats) == (True, False, ("pdf", "csv"))
    assert schedule.changed_by == "test-supervisor"
    page = client.http.get("/laporan?pesan=jadwal", headers=boss(client)).text
    assert "a@bps.go.id, b@bps.go.id" in page and "PDF, CSV" in page
    assert "oleh test-supervisor" in page
    auditor = client.http.post(
        "/laporan/pengiriman", data={"recipients": ""}, headers=client.auth(Role.AUDITOR)
    )
    assert auditor.status_code == 403


class Outbox:
    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, message: object) -> None:
        self.sent.append(message)


def test_the_delivery_follows_the_stored_schedule(client: HubClient) -> None:
    live = reporting(client)
    live.settings.managers[OFFICE] = ["lama@bps.go.id"]
    client.http.post(
        "/laporan/pengiriman",
        data={"recipients": "baru@bps.go.id", "monthly": "1", "formats": "pdf"},
        headers=boss(client),
    )
    mailbox = Outbox()
    schedule = Schedules(live).of(OFFICE)
    assert schedule.due([month(2026, 3), year(2025)]) == [month(2026, 3)]  # monthly only
    delivered = Delivery(live, SmtpSettings(), OFFICE, mailer=mailbox).deliver(
        OFFICE, month(2026, 3), schedule
    )
    assert delivered.sent_to == ["baru@bps.go.id"] and delivered.error is None
    [message] = mailbox.sent
    assert isinstance(message, EmailMessage) and message["To"] == "baru@bps.go.id"
    names = [str(part.get_filename()) for part in message.iter_attachments()]
    assert names == [f"evaluasi-{OFFICE}-2026-03.pdf"]


@pytest.mark.integration
def test_both_engines_keep_one_schedule_per_office_replaced_when_edited(postgres_url: str) -> None:
    schema = f"pst_schedule_{uuid.uuid4().hex[:8]}"
    engines = [SqliteStore(":memory:"), PostgresStore(postgres_url, schema=schema)]
    try:
        for store in engines:
            assert store.delivery_schedules() == {}
            store.set_delivery_schedule(OFFICE, '{"recipients": ["a@b.id"]}', "bu-sri")
            store.set_delivery_schedule(OFFICE, '{"recipients": ["c@d.id"]}', "pak-budi")
            [(office, row)] = store.delivery_schedules().items()
            assert office == OFFICE and row["changed_by"] == "pak-budi"
            assert orjson.loads(row["schedule"]) == {"recipients": ["c@d.id"]}
            assert row["changed_at"]
            assert store.store_evaluation(OFFICE, "2026-03", "{}")
            assert not store.store_evaluation(OFFICE, "2026-03", "{}")
            store.mark_sent(OFFICE, "2026-03", "c@d.id")
            [stored] = store.evaluations(OFFICE)
            assert stored["sent_to"] == "c@d.id" and stored["sent_at"]
    finally:
        for store in engines:
            store.close()
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
