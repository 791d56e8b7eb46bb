"""The supervisor's complaints inbox, the readable references and the public status."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest

from infra.security import Role
from infra.settings import DatabaseSettings
from infra.stores import postgres_env
from services.feedback.application import FeedbackApplication
from services.feedback.tests.test_complaints_api import filing, record, step
from tests.harness import HubClient

REFERENCE = re.compile(r"^PGD-3572-(\d{4})-(\d{4})$")


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("feedback",))


def inbox(client: HubClient, **params: Any) -> Any:
    return client.http.get(
        "/api/feedback/complaints", params=params, headers=client.auth(Role.SUPERVISOR)
    )


def status_of(client: HubClient, reference: str, code: str) -> Any:
    return client.http.post(
        "/api/feedback/public/complaints/status",
        json={"reference": reference, "status_code": code},
    )


def test_each_filing_gets_the_next_readable_reference_of_its_office_and_year(
    client: HubClient,
) -> None:
    first = record(client, "phone").json()
    second = client.http.post(
        "/api/feedback/public/complaints",
        json={"office_id": "3572", "category": "lainnya", "message": "Halo."},
    ).json()
    # the office-local year counts: 16:30 UTC on 31 December is 23:30 in Blitar (WIB),
    # 17:30 UTC already 00:30 on 1 January
    old_year = record(client, "email", occurred_at="2025-12-31T16:30:00+00:00").json()
    new_year = record(client, "email", occurred_at="2025-12-31T17:30:00+00:00").json()
    assert [r["reference"] for r in (first, second, old_year, new_year)] == [
        "PGD-3572-2026-0001",
        "PGD-3572-2026-0002",
        "PGD-3572-2025-0001",
        "PGD-3572-2026-0003",
    ]
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", first["status_code"])
    assert first["status_code"] != second["status_code"]


def test_the_inbox_lists_the_offices_complaints_newest_first_with_filters(
    client: HubClient,
) -> None:
    phone = record(client, "phone").json()  # 17 March, officer ofc-2
    box = record(client, "suggestion_box", officer_id=None).json()  # 17 March
    today = record(client, "whatsapp", occurred_at=None, officer_id="ofc-9").json()
    assert step(client, phone["complaint_id"], "acknowledge").status_code == 200

    everything = inbox(client).json()
    assert everything["total"] == 3 and everything["office_id"] == "3572"
    newest_first = [today["reference"], box["reference"], phone["reference"]]
    assert [c["reference"] for c in everything["complaints"]] == newest_first

    def refs(**params: Any) -> set[str]:
        found = inbox(client, **params)
        assert found.status_code == 200, found.text
        return {c["reference"] for c in found.json()["complaints"]}

    assert refs(status="acknowledged") == {phone["reference"]}
    assert refs(status="filed") == {box["reference"], today["reference"]}
    assert refs(status="open") == {phone["reference"], box["reference"], today["reference"]}
    assert refs(channel="suggestion_box") == {box["reference"]}
    assert refs(officer_id="ofc-9") == {today["reference"]}
    assert refs(period="2026-03") == {phone["reference"], box["reference"]}
    assert refs(period="2026-03-18..2026-03-31") == set()
    # March's are past their resolution deadline by now; today's is not
    assert refs(overdue="true") == {phone["reference"], box["reference"]}
    assert refs(overdue="false") == {today["reference"]}


def test_the_inbox_is_paginated(client: HubClient) -> None:
    for _ in range(5):
        record(client, "phone")
    first, last = inbox(client, page_size=2).json(), inbox(client, page=3, page_size=2).json()
    assert (first["total"], len(first["complaints"]), len(last["complaints"])) == (5, 2, 1)
    assert last["complaints"][0]["reference"] == "PGD-3572-2026-0001"  # oldest, last page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "dibuang"}, "status"),
        ({"channel": "telegram"}, "channel"),
        ({"overdue": "mungkin"}, "overdue"),
        ({"officer_id": "Pak Darmo"}, "officer_id"),
        ({"period": "2026-13"}, "period"),
        ({"period": "kemarin"}, "period"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"office_id": "abc"}, "office_id"),
    ],
)
def test_a_bad_filter_is_422_naming_it(
    client: HubClient, params: dict[str, str], field: str
) -> None:
    response = inbox(client, **params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_the_inbox_is_for_supervisors_of_the_office(client: HubClient) -> None:
    assert client.http.get("/api/feedback/complaints").status_code == 401
    officer = client.http.get("/api/feedback/complaints", headers=client.auth(Role.OFFICER))
    assert officer.status_code == 403
    other = inbox(client, office_id="3571")
    assert other.status_code == 403


def test_a_complaints_timeline_has_its_deadlines_on_the_service_calendar(
    client: HubClient,
) -> None:
    filed = record(client, "phone").json()  # Tuesday 17 March 2026, 10:00
    step(client, filed["complaint_id"], "acknowledge", occurred_at="2026-03-30T09:00:00+07:00")
    details = client.http.get(
        f"/api/feedback/complaints/{filed['complaint_id']}", headers=client.auth(Role.SUPERVISOR)
    ).json()
    assert details["reference"] == filed["reference"]
    steps = {s["step"]: s for s in details["timeline"]}
    assert steps["filed"]["done_at"] == "2026-03-17T10:00:00+07:00"
    # 3 working days, skipping Nyepi, Eid al-Fitr and the joint leave around them
    assert steps["first_response"]["due"] == "2026-03-27T16:00:00+07:00"
    assert steps["first_response"]["done_at"] == "2026-03-30T09:00:00+07:00"
    assert steps["first_response"]["late"] is True  # acknowledged after its deadline
    assert steps["resolution"]["due"] == "2026-03-31T15:30:00+07:00"
    assert steps["resolution"]["done_at"] is None
    assert steps["resolution"]["late"] is True  # not resolved and the deadline has passed


def test_the_complainant_follows_the_status_with_reference_and_code(client: HubClient) -> None:
    filed = record(client, "whatsapp").json()
    reference, code = filed["reference"], filed["status_code"]
    before = status_of(client, reference, code)
    assert before.status_code == 200, before.text
    assert before.json()["status"] == "filed" and before.json()["response"] is None
    step(client, filed["complaint_id"], "acknowledge")
    step(client, filed["complaint_id"], "resolve", response="Jadwal petugas ditambah.")
    after = status_of(client, reference.lower(), code.replace("-", "").lower()).json()
    assert after["status"] == "resolved" and after["response"] == "Jadwal petugas ditambah."
    assert "message" not in after and "contact" not in after  # what they wrote stays inside


def test_a_reference_without_its_code_tells_nothing(client: HubClient) -> None:
    filed = record(client, "phone").json()
    wrong_code = status_of(client, filed["reference"], "2222-2222")
    unknown = status_of(client, "PGD-3572-2026-0099", filed["status_code"])
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.json() == unknown.json()
    garbage = status_of(client, "../../etc", "x")
    assert garbage.status_code == 404


def test_references_never_collide_between_concurrent_writers(
    postgres_url: str,
) -> None:
    """Two applications (as two processes would) on one PostgreSQL store, three threads
    each, filing at once: every complaint gets its own number, and none is skipped."""
    env = postgres_env(DatabaseSettings(url=postgres_url), "feedback")
    apps = [FeedbackApplication(env=env) for _ in range(2)]
    details = {k: v for k, v in filing("phone").items() if k not in ("office_id", "channel")}
    details.pop("occurred_at")
    references: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def file_some(app: FeedbackApplication) -> None:
        barrier.wait()
        for _ in range(5):
            try:
                lodged = app.lodge_complaint(office_id="3572", channel="phone", **details)
                references.append(lodged.reference)
            except BaseException as exc:  # reported below, not swallowed
                errors.append(exc)

    threads = [threading.Thread(target=file_some, args=(apps[n % 2],)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(REFERENCE.match(ref)[2]) for ref in references)  # type: ignore[index]
    assert numbers == list(range(1, 31))
    for app in apps:
        app.close()
