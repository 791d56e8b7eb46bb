"""The survey page behind a link, through the hub (in-memory store, HTML over TestClient)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from eventsourcing.persistence import Tracking

from hub.runtime import Ports
from infra.security import Role
from services.feedback.domain.questionnaire import ELEMENTS
from services.feedback.tests.envelopes import consultation_completed, published
from tests.harness import HubClient

COMPLETED = "2026-03-16T10:00:00+07:00"
ANSWERS = {"U1": "4", "U2": "3", "U3": "4", "U4": "4", "U5": "3", "U6": "4", "U7": "4"}
ALL_ANSWERS = {**ANSWERS, "U8": "3", "U9": "2"}


class Clock:
    def __init__(self, now: str) -> None:
        self.now = datetime.fromisoformat(now)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock("2026-03-16T10:05:00+07:00")


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient], clock: Clock) -> HubClient:
    return make_memory_hub(("feedback",), Ports(clock=clock))


@pytest.fixture
def token(client: HubClient, clock: Clock) -> str:
    """A visit whose consultation completed, and the link reception shows for it."""
    handle_batch = client.hub.services["feedback"].handle_batch
    assert handle_batch is not None
    handle_batch([(consultation_completed("visit-1", COMPLETED), Tracking("queue", 1))])
    response = client.http.post(
        "/api/feedback/visits/visit-1/survey-link", headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def submitted(client: HubClient) -> list[dict[str, int]]:
    return [e.data["scores"] for e in published(client) if e.event_type == "SurveySubmitted"]


def test_the_page_shows_the_nine_elements_with_their_four_answers(
    client: HubClient, token: str
) -> None:
    response = client.http.get(f"/survei/{token}")
    assert response.status_code == 200
    page = response.text
    assert response.headers["content-type"].startswith("text/html")
    assert page.count("<fieldset") == 9 and page.count('type="radio"') == 36
    for element in ELEMENTS:
        assert f'<span class="code">{element.code}</span> {element.name}' in page
        assert element.question in page
        for label in element.answers:
            assert f"<span>{label}</span>" in page
    assert "Senin, 23 Maret 2026 pukul 10.00 WIB" in page  # the link's expiry, local time


def test_the_page_leaks_no_token_and_loads_nothing_from_elsewhere(
    client: HubClient, token: str
) -> None:
    response = client.http.get(f"/survei/{token}")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert not re.search(r'(src|href)="(https?:)?//', response.text)
    stylesheet = re.search(
        r'<link rel="stylesheet" href="(/static/pst/pst\.css\?v=[0-9a-f]{12})">', response.text
    )
    assert stylesheet, "the kit's one stylesheet"
    css = client.http.get(stylesheet.group(1))
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_submitting_every_answer_thanks_the_visitor_and_publishes_the_scores(
    client: HubClient, token: str
) -> None:
    response = client.http.post(f"/survei/{token}", data={**ALL_ANSWERS, "comment": "Mantap."})
    assert response.status_code == 200
    assert "Terima kasih" in response.text
    assert submitted(client) == [{code: int(score) for code, score in ALL_ANSWERS.items()}]


def test_a_missing_answer_is_422_naming_the_element_and_keeping_the_others(
    client: HubClient, token: str
) -> None:
    form = {**ANSWERS, "U9": "2", "comment": "Ruang tunggu nyaman."}  # U8 left out
    response = client.http.post(f"/survei/{token}", data=form)
    assert response.status_code == 422
    page = response.text
    assert "Unsur U8 (Penanganan pengaduan, saran dan masukan) belum dijawab." in page
    assert '<fieldset id="U8" class="element invalid" aria-describedby="U8-error">' in page
    checked = re.findall(r'id="(U\d-\d)"[^>]*checked', page)
    assert sorted(checked) == sorted(
        f"{code}-{score}" for code, score in form.items() if code[0] == "U"
    )
    assert "Ruang tunggu nyaman.</textarea>" in page
    assert submitted(client) == []


def test_an_answer_outside_the_four_counts_as_missing(client: HubClient, token: str) -> None:
    response = client.http.post(f"/survei/{token}", data={**ALL_ANSWERS, "U4": "5"})
    assert response.status_code == 422
    assert "Unsur U4 (Biaya/tarif) belum dijawab." in response.text
    assert submitted(client) == []


def test_a_comment_over_2000_characters_is_refused_with_the_answers_kept(
    client: HubClient, token: str
) -> None:
    response = client.http.post(f"/survei/{token}", data={**ALL_ANSWERS, "comment": "x" * 2001})
    assert response.status_code == 422
    assert "Komentar paling banyak 2000 karakter." in response.text
    assert len(re.findall(r"checked>", response.text)) == 9
    assert submitted(client) == []


@pytest.mark.parametrize("link", ["x" * 43, "short", "has.a.dot" * 3])
def test_an_unknown_link_gets_a_404_page(client: HubClient, link: str) -> None:
    for response in (client.http.get(f"/survei/{link}"), client.http.post(f"/survei/{link}")):
        assert response.status_code == 404
        assert "Tautan survei tidak dikenal" in response.text


def test_an_expired_link_gets_a_410_page_and_changes_nothing(
    client: HubClient, token: str, clock: Clock
) -> None:
    clock.now += timedelta(days=7)
    page = client.http.get(f"/survei/{token}")
    assert page.status_code == 410
    assert "sudah kedaluwarsa" in page.text and "23 Maret 2026" in page.text
    assert client.http.post(f"/survei/{token}", data=ALL_ANSWERS).status_code == 410
    assert submitted(client) == []


def test_a_submitted_survey_gets_a_409_page_and_is_not_counted_twice(
    client: HubClient, token: str
) -> None:
    assert client.http.post(f"/survei/{token}", data=ALL_ANSWERS).status_code == 200
    again = client.http.post(f"/survei/{token}", data={**ALL_ANSWERS, "U1": "1"})
    assert again.status_code == 409 and "Survei ini sudah diisi" in again.text
    assert client.http.get(f"/survei/{token}").status_code == 409
    assert len(submitted(client)) == 1


def test_the_page_is_rate_limited_like_the_json_endpoint(client: HubClient, token: str) -> None:
    statuses = [client.http.get(f"/survei/{token}").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]  # the default burst is 10 per client address
    refused = client.http.post(f"/survei/{token}", data=ALL_ANSWERS)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "Terlalu banyak permintaan" in refused.text
    assert submitted(client) == []


def test_the_pages_stay_out_of_the_api_documentation(client: HubClient) -> None:
    paths = client.http.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith(("/survei", "/pengaduan", "/static"))]
