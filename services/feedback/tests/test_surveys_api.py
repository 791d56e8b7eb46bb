"""Survey invitations and submissions through the hub (in-memory store, embedded transport)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from eventsourcing.persistence import Tracking

from hub.runtime import Ports
from infra.security import Role
from services.feedback.notifier import Invitation
from services.feedback.tests.envelopes import (
    consultation_completed,
    published,
    visitor_arrived,
)
from tests.harness import HubClient

SCORES = {"U1": 4, "U2": 3, "U3": 4, "U4": 4, "U5": 3, "U6": 4, "U7": 4, "U8": 3, "U9": 3}
COMPLETED = "2026-03-16T10:00:00+07:00"


class Clock:
    def __init__(self, now: str) -> None:
        self.now = datetime.fromisoformat(now)

    def __call__(self) -> datetime:
        return self.now


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[Invitation] = []

    def send(self, invitation: Invitation) -> None:
        self.sent.append(invitation)


@pytest.fixture
def clock() -> Clock:
    return Clock("2026-03-16T10:05:00+07:00")


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def client(
    make_memory_hub: Callable[..., HubClient], clock: Clock, notifier: FakeNotifier
) -> HubClient:
    return make_memory_hub(("feedback",), Ports(clock=clock, notifier=notifier))


class Deliver:
    """Hands envelopes to feedback's consumer as the transport would, one position each."""

    def __init__(self, client: HubClient) -> None:
        self.service = client.hub.services["feedback"]
        self.position: dict[str, int] = {}

    def __call__(self, *envelopes: Any) -> None:
        batch = []
        for envelope in envelopes:
            self.position[envelope.source] = self.position.get(envelope.source, 0) + 1
            batch.append((envelope, Tracking(envelope.source, self.position[envelope.source])))
        assert self.service.handle_batch is not None
        self.service.handle_batch(batch)


@pytest.fixture
def deliver(client: HubClient) -> Deliver:
    return Deliver(client)


def survey_link(client: HubClient, visit_id: str) -> dict[str, Any]:
    response = client.http.post(
        f"/api/feedback/visits/{visit_id}/survey-link", headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 201, response.text
    return response.json()


def submit(client: HubClient, token: str, scores: dict[str, int] = SCORES, **extra: Any) -> Any:
    return client.http.post(
        f"/api/feedback/public/surveys/{token}", json={"scores": scores, **extra}
    )


def test_a_completed_consultation_invites_one_survey_even_when_redelivered(
    client: HubClient, deliver: Deliver, clock: Clock, notifier: FakeNotifier
) -> None:
    completed = consultation_completed("visit-1", COMPLETED)
    deliver(completed)
    deliver(completed)
    deliver(consultation_completed("visit-1", COMPLETED, officer_id="ofc-2"))
    invited = [e for e in published(client) if e.event_type == "SurveyInvited"]
    assert len(invited) == 1 and invited[0].data["visit_id"] == "visit-1"
    assert [invitation.visit_id for invitation in notifier.sent] == ["visit-1"]


def test_the_invitation_goes_back_on_the_visits_channel(
    client: HubClient, deliver: Deliver, clock: Clock, notifier: FakeNotifier
) -> None:
    deliver(
        visitor_arrived("wa-1", "whatsapp", "2026-03-16T09:00:00+07:00"),
        visitor_arrived("wa-2", "whatsapp", "2026-03-14T09:00:00+07:00"),
        visitor_arrived("web-1", "halopst", "2026-03-16T09:00:00+07:00"),
    )
    deliver(*(consultation_completed(v, COMPLETED) for v in ("wa-1", "wa-2", "web-1", "desk-1")))
    deliveries = {invitation.visit_id: invitation.delivery for invitation in notifier.sent}
    assert deliveries == {
        "wa-1": "whatsapp_session",
        "wa-2": "whatsapp_template",
        "web-1": "email",
        "desk-1": "reception_display",
    }
    channels = {
        e.data["visit_id"]: e.data["channel"]
        for e in published(client)
        if e.event_type == "SurveyInvited"
    }
    assert channels == {
        "wa-1": "whatsapp",
        "wa-2": "whatsapp",
        "web-1": "halopst",
        "desk-1": "walk_in",
    }
    assert all(invitation.link.startswith("http") for invitation in notifier.sent)


def test_an_arrival_later_in_the_same_batch_still_gives_the_channel(
    client: HubClient, deliver: Deliver, clock: Clock, notifier: FakeNotifier
) -> None:
    deliver(
        consultation_completed("wa-1", COMPLETED),
        visitor_arrived("wa-1", "whatsapp", "2026-03-16T09:00:00+07:00"),
    )
    assert [invitation.delivery for invitation in notifier.sent] == ["whatsapp_session"]


def test_the_link_sent_to_the_visitor_opens_the_survey(
    client: HubClient, deliver: Deliver, clock: Clock, notifier: FakeNotifier
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    token = notifier.sent[0].link.rsplit("/", 1)[1]
    response = client.http.get(f"/api/feedback/public/surveys/{token}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "open" and len(body["questionnaire"]["elements"]) == 9
    assert submit(client, token).status_code == 201


def test_a_visitor_submits_the_survey_from_the_reception_link(
    client: HubClient, deliver: Deliver, clock: Clock
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    link = survey_link(client, "visit-1")
    assert link["link"].endswith(link["token"])
    response = submit(client, link["token"], comment="Petugas Budi sangat membantu.")
    assert response.status_code == 201, response.text
    [submitted] = [e for e in published(client) if e.event_type == "SurveySubmitted"]
    assert submitted.data["scores"] == SCORES and submitted.data["has_comment"] is True
    assert client.http.get(f"/api/feedback/public/surveys/{link['token']}").json()["status"] == (
        "submitted"
    )


def test_a_second_submission_for_the_visit_is_refused_and_changes_nothing(
    client: HubClient, deliver: Deliver, clock: Clock
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    first, second = survey_link(client, "visit-1"), survey_link(client, "visit-1")
    assert submit(client, first["token"]).status_code == 201
    before = len(published(client))
    response = submit(client, second["token"], scores={**SCORES, "U1": 1})
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["path", "token"]
    assert len(published(client)) == before


def test_a_link_used_after_the_invitation_expired_is_gone(
    client: HubClient, deliver: Deliver, clock: Clock
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    token = survey_link(client, "visit-1")["token"]
    clock.now += timedelta(days=7)  # the default expiry: a week after the consultation
    response = submit(client, token)
    assert response.status_code == 410, response.text
    assert response.json()["detail"][0]["loc"] == ["path", "token"]
    assert "kedaluwarsa" in response.json()["detail"][0]["msg"]
    assert client.http.get(f"/api/feedback/public/surveys/{token}").status_code == 410
    assert not any(e.event_type == "SurveySubmitted" for e in published(client))


def test_nothing_is_sent_for_an_invitation_already_expired(
    client: HubClient, deliver: Deliver, clock: Clock, notifier: FakeNotifier
) -> None:
    deliver(consultation_completed("visit-1", "2026-03-01T10:00:00+07:00"))
    assert notifier.sent == []
    response = client.http.post(
        "/api/feedback/visits/visit-1/survey-link", headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 410


def test_an_unknown_link_is_404(client: HubClient) -> None:
    response = submit(client, "x" * 43)
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "token"]
    assert client.http.get("/api/feedback/public/surveys/" + "y" * 43).status_code == 404


def test_a_score_outside_1_to_4_gets_422_naming_the_element(
    client: HubClient, deliver: Deliver, clock: Clock
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    token = survey_link(client, "visit-1")["token"]
    response = submit(client, token, scores={**SCORES, "U4": 5})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "scores", "U4"]
    assert submit(client, token).status_code == 201  # the refused one changed nothing


def test_the_reception_link_needs_a_front_desk_role(
    client: HubClient, deliver: Deliver, clock: Clock
) -> None:
    deliver(consultation_completed("visit-1", COMPLETED))
    url = "/api/feedback/visits/visit-1/survey-link"
    assert client.http.post(url).status_code == 401
    assert client.http.post(url, headers=client.auth(Role.AUDITOR)).status_code == 403
    assert client.http.post(url, headers=client.auth(Role.OFFICER)).status_code == 201
    other_office = client.issue("desk-3573", [Role.RECEPTIONIST], office="3573")
    assert client.http.post(url, headers=other_office).status_code == 403


def test_no_survey_link_before_the_consultation_completed(client: HubClient) -> None:
    response = client.http.post(
        "/api/feedback/visits/visit-9/survey-link", headers=client.auth(Role.RECEPTIONIST)
    )
    assert response.status_code == 404


def test_the_questionnaire_is_public_with_the_four_answers_per_element(client: HubClient) -> None:
    response = client.http.get("/api/feedback/public/questionnaire")
    assert response.status_code == 200
    u4 = response.json()["elements"][3]
    assert u4["code"] == "U4"
    assert [a["label"] for a in u4["answers"]] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert [a["score"] for a in u4["answers"]] == [1, 2, 3, 4]
