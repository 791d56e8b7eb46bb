"""The queue's HTTP API on the in-memory hub: lifecycle, refusals, roles, the live feed."""

from __future__ import annotations

from collections.abc import Callable

from events import payload_of
from infra.security import Role
from services.queue.mapper import to_envelope
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, delivered
from services.queue.tests.scenarios import (
    OFFICE,
    assert_rejections,
    queue_app,
    serve_one_visitor,
    step,
    walk_in,
)
from tests.harness import HubClient

MakeHub = Callable[..., HubClient]


def queue_events(client: HubClient) -> list[tuple[str, dict]]:
    app = client.hub.services["queue"].application
    assert app is not None
    found = []
    for notification in app.recorder.select_notifications(0, 1000):
        envelope = to_envelope(app.mapper.to_domain_event(notification))
        if envelope is not None:
            payload_of(envelope)  # valid against the catalogue
            found.append((envelope.event_type, envelope.data))
    return found


def test_a_walk_in_is_served_from_arrival_to_completion(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("intake", "queue"))
    done = serve_one_visitor(client)
    visit = done["visit_id"]
    assert queue_events(client) == [
        ("VisitorQueued", {"visit_id": visit, "queue": "offline", "ticket": "A-001"}),
        ("OfficerSignedOn", {"officer_id": "petugas-ani", "desk": "Meja 1"}),
        ("VisitorCalled", {"visit_id": visit, "officer_id": "petugas-ani", "desk": "Meja 1"}),
        ("VisitorCalled", {"visit_id": visit, "officer_id": "petugas-ani", "desk": "Meja 1"}),
        ("ConsultationStarted", {"visit_id": visit, "officer_id": "petugas-ani", "desk": "Meja 1"}),
        (
            "ConsultationCompleted",
            {
                "visit_id": visit,
                "officer_id": "petugas-ani",
                "outcome": {"data_provided": True, "topics": ["kemiskinan"], "follow_up": False},
            },
        ),
    ]


def test_every_refused_transition_answers_a_clear_4xx(make_memory_hub: MakeHub) -> None:
    assert_rejections(make_memory_hub(("intake", "queue")))


def test_breaks_and_sign_off_are_published(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    ani = client.issue("petugas-ani", [Role.OFFICER])
    step(client, ani, "/officers/sign-on", desk="Meja 1")
    step(client, ani, "/officers/break")
    step(client, ani, "/officers/break/end")
    off = step(client, ani, "/officers/sign-off")
    assert off["status"] == "off_duty"
    assert [t for t, _ in queue_events(client)] == [
        "OfficerSignedOn",
        "OfficerBreakStarted",
        "OfficerBreakEnded",
        "OfficerSignedOff",
    ]


def test_a_supervisor_acts_on_behalf_of_an_officer(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("intake", "queue"))
    walk_in(client)
    client.hub.drain()
    boss = client.auth(Role.SUPERVISOR)
    step(client, boss, "/officers/sign-on", desk="Meja 3", officer_id="petugas-cici")
    ticket = step(client, boss, "/call-next", queue="offline", officer_id="petugas-cici")
    assert ticket["officer_id"] == "petugas-cici"
    gone = step(client, boss, f"/tickets/{ticket['ticket_id']}/abandon", reason="no_show")
    assert gone["abandon_reason"] == "no_show"


def test_an_officer_cannot_act_on_behalf_of_another(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    ani = client.issue("petugas-ani", [Role.OFFICER])
    response = client.http.post(
        "/api/queue/officers/sign-on",
        json={"office_id": OFFICE, "desk": "Meja 1", "officer_id": "petugas-budi"},
        headers=ani,
    )
    assert response.status_code == 403 and "officer_id" in response.json()["detail"]


def test_only_officers_and_supervisors_serve(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    body = {"office_id": OFFICE, "queue": "offline"}
    for role in (Role.RECEPTIONIST, Role.AUDITOR, Role.CHANNEL):
        response = client.http.post("/api/queue/call-next", json=body, headers=client.auth(role))
        assert response.status_code == 403
    assert client.http.post("/api/queue/call-next", json=body).status_code == 401


def test_staff_of_another_office_are_refused(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    stranger = client.issue("petugas-x", [Role.OFFICER], office="3573")
    response = client.http.post(
        "/api/queue/officers/sign-on",
        json={"office_id": OFFICE, "desk": "Meja 1"},
        headers=stranger,
    )
    assert response.status_code == 403
    board = client.http.get("/api/queue/board", params={"office_id": OFFICE}, headers=stranger)
    assert board.status_code == 403


def test_the_waiting_list_shows_position_wait_and_minutes_left(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("intake", "queue"))
    walk_in(client, "2026-03-17T08:10:00+07:00")
    walk_in(client, "2026-03-17T08:12:00+07:00")
    client.hub.drain()
    ani = client.issue("petugas-ani", [Role.OFFICER])
    step(client, ani, "/officers/sign-on", desk="Meja 1", occurred_at="2026-03-17T08:00:00+07:00")
    response = client.http.get(
        "/api/queue/queues/offline", params={"at": "2026-03-17T08:18:00+07:00"}, headers=ani
    )
    assert response.status_code == 200, response.text
    waiting = response.json()["waiting"]
    assert [(w["number"], w["position"]) for w in waiting] == [("A-001", 1), ("A-002", 2)]
    assert [w["standard"]["minutes_left"] for w in waiting] == [2.0, 4.0]
    assert waiting[0]["standard"]["call_now"] and not waiting[1]["standard"]["call_now"]
    assert [w["estimated_wait_minutes"] for w in waiting] == [0.0, 15.0]


def test_a_naive_at_is_refused(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    response = client.http.get(
        "/api/queue/board", params={"at": "2026-03-17T08:18:00"}, headers=client.auth(Role.OFFICER)
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "at"]


def test_the_display_feed_streams_the_board_then_each_call(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("intake", "queue"))
    walk_in(client)
    client.hub.drain()
    ani = client.issue("petugas-ani", [Role.OFFICER])
    step(client, ani, "/officers/sign-on", desk="Meja 1")
    app = queue_app(client)
    app.board.catch_up()
    before_call = app.board.position
    step(client, ani, "/call-next", queue="offline")
    response = client.http.get(
        "/api/queue/display/events",
        params={"office_id": OFFICE, "limit": 2, "poll_seconds": 0.05},
        headers={"Last-Event-ID": str(before_call)},  # public: no token
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = [frame for frame in response.text.split("\n\n") if frame]
    assert [frame.splitlines()[0] for frame in frames] == ["event: board", "event: called"]
    assert '"number":"A-001"' in frames[1] and '"desk":"Meja 1"' in frames[1]
    assert "Siti" not in response.text


def test_openapi_documents_the_queue_with_examples(make_memory_hub: MakeHub) -> None:
    client = make_memory_hub(("queue",))
    spec = client.http.get("/openapi.json").json()
    call_next = spec["paths"]["/api/queue/call-next"]["post"]
    assert {"404", "409", "422"} <= set(call_next["responses"])
    schema = spec["components"]["schemas"]["CallNext"]
    assert schema["examples"] == [{"office_id": "3572", "queue": "offline"}]


def test_walk_in_steps_on_an_online_ticket_answer_422_and_record_nothing(
    make_memory_hub: MakeHub,
) -> None:
    client = make_memory_hub(("queue",))
    app = queue_app(client)
    consume_intake(app, [delivered(arrival("chat-1", "whatsapp"))])
    ani = client.issue("petugas-ani", [Role.OFFICER])
    step(client, ani, "/officers/sign-on", desk="Meja 1")
    ticket = step(client, ani, "/call-next", queue="online")
    path = f"/api/queue/tickets/{ticket['ticket_id']}"
    before = len(app.recorder.select_notifications(0, 1000))
    for action, body, field in (
        ("recall", {}, "ticket_id"),
        ("abandon", {"reason": "no_show"}, "reason"),
        ("abandon", {"reason": "left"}, "reason"),
    ):
        response = client.http.post(
            f"{path}/{action}", json={"office_id": OFFICE, **body}, headers=ani
        )
        assert response.status_code == 422, response.text
        [problem] = response.json()["detail"]
        assert field in problem["loc"] and " / " in problem["msg"]  # Indonesian / English
    assert len(app.recorder.select_notifications(0, 1000)) == before
    assert client.http.get(path, headers=ani).json()["state"] == "called"
    cancelled = step(client, ani, f"/tickets/{ticket['ticket_id']}/abandon", reason="cancelled")
    assert cancelled["abandon_reason"] == "cancelled"
