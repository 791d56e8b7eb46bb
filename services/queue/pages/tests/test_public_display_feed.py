"""The waiting-room feed is public, scoped by a valid office, and shows numbers, desks and
times only: never a name, a visitor ref, a visit or ticket id, or an officer's staff id."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from infra.security import Role
from services.queue.api.display import display_board
from services.queue.tests.scenarios import OFFICE, queue_app, step, walk_in
from tests.harness import HubClient

FEED = "/api/queue/display/events"
SHOWN_KEYS = {
    "office_id", "at", "office_open", "closes_at", "next_opening", "holiday", "waiting",
    "offline", "online", "next_up", "serving", "recent_calls",
    "seq", "number", "queue", "desk", "called_at", "recall", "state",
}  # fmt: skip


def frames(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) of each SSE frame with data."""
    found = []
    for frame in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if "data" in fields:
            found.append((fields["event"], json.loads(fields["data"])))
    return found


def walk(value: Any) -> Iterator[tuple[str | None, Any]]:
    """Every (key, value) pair and every leaf value of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    else:
        yield None, value


def published_by(client: HubClient, name: str) -> list[dict[str, Any]]:
    service = client.hub.services[name]
    app, to_envelope = service.application, service.to_envelope
    assert app is not None and to_envelope is not None
    envelopes = (
        to_envelope(app.mapper.to_domain_event(n)) for n in app.recorder.select_notifications(0, 99)
    )
    return [e.to_json_dict() for e in envelopes if e is not None]


@pytest.fixture
def client(make_memory_hub: Callable[..., HubClient]) -> HubClient:
    return make_memory_hub(("intake", "queue"))


def called_walk_in(client: HubClient) -> int:
    """A walk-in (Siti Rahayu) called by petugas-ani at Meja 1; the log position before."""
    walk_in(client)
    walk_in(client, "2026-03-17T08:12:00+07:00")
    client.hub.drain()
    ani = client.issue("petugas-ani", [Role.OFFICER])
    step(client, ani, "/officers/sign-on", desk="Meja 1", occurred_at="2026-03-17T08:00:00+07:00")
    app = queue_app(client)
    app.board.catch_up()
    before = app.board.position
    step(client, ani, "/call-next", queue="offline", occurred_at="2026-03-17T08:15:00+07:00")
    return before


def test_the_feed_needs_no_token_and_shows_no_personal_data_or_ids(client: HubClient) -> None:
    before = called_walk_in(client)
    response = client.http.get(
        FEED,
        params={"office_id": OFFICE, "limit": 2, "poll_seconds": 0.05},
        headers={"Last-Event-ID": str(before)},
    )
    assert response.status_code == 200
    (board_kind, board), (call_kind, call) = frames(response.text)
    assert (board_kind, call_kind) == ("board", "called")
    assert call == {
        "seq": call["seq"],
        "number": "A-001",
        "queue": "offline",
        "desk": "Meja 1",
        "called_at": "2026-03-17T08:15:00+07:00",
        "recall": False,
    }
    assert board["next_up"] == {"offline": ["A-002"], "online": []}
    assert board["serving"] == [
        {
            "number": "A-001",
            "queue": "offline",
            "state": "called",
            "desk": "Meja 1",
            "called_at": "2026-03-17T08:15:00+07:00",
        }
    ]
    keys = {key for key, _ in walk([board, call]) if key is not None}
    assert keys <= SHOWN_KEYS, keys - SHOWN_KEYS
    private = {"petugas-ani", "Siti Rahayu", "Siti", "3572011203900001"}
    for envelope in published_by(client, "intake") + published_by(client, "queue"):
        data = envelope["data"]
        private |= {data.get("visit_id"), envelope["stream_id"]}
        private |= {data.get("visitor", {}).get("visitor_ref")}
    private.discard(None)
    assert len(private) > 6  # the visit ids, the visitor refs and the ticket ids were found
    for secret in private:
        assert secret not in response.text


def test_the_feed_is_scoped_by_a_required_valid_office(client: HubClient) -> None:
    missing = client.http.get(FEED, params={"limit": 1})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["query", "office_id"]
    for office_id in ("35a2", "357"):
        response = client.http.get(FEED, params={"office_id": office_id, "limit": 1})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "office_id"]
    unknown = client.http.get(FEED, params={"office_id": "9999", "limit": 1})
    assert unknown.status_code == 422
    [detail] = unknown.json()["detail"]
    assert detail["loc"] == ["query", "office_id"]
    assert detail["msg"].startswith("kode kantor BPS tidak dikenal")


def test_a_display_that_opens_a_new_feed_resumes_after_the_last_event_it_saw(
    client: HubClient,
) -> None:
    before = called_walk_in(client)
    resumed = client.http.get(
        FEED, params={"office_id": OFFICE, "limit": 2, "last_event_id": before}
    )
    assert [kind for kind, _ in frames(resumed.text)] == ["board", "called"]
    fresh = client.http.get(FEED, params={"office_id": OFFICE, "seconds": 0.3})
    assert [kind for kind, _ in frames(fresh.text)] == ["board"]  # nothing missed, nothing old


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (
            "2026-03-17T10:00:00+07:00",  # a Tuesday
            {"office_open": True, "closes_at": "2026-03-17T15:30:00+07:00", "next_opening": None},
        ),
        (
            "2026-03-28T10:00:00+07:00",  # a Saturday
            {"office_open": False, "closes_at": None, "next_opening": "2026-03-30T08:00:00+07:00"},
        ),
        (
            "2026-03-19T10:00:00+07:00",  # Nyepi, then joint leave and Idul Fitri
            {"office_open": False, "closes_at": None, "next_opening": "2026-03-25T08:00:00+07:00"},
        ),
    ],
)
def test_the_board_says_whether_the_office_is_open_and_when_it_opens_next(
    client: HubClient, at: str, expected: dict[str, Any]
) -> None:
    board = display_board(queue_app(client), OFFICE, datetime.fromisoformat(at))
    shown = board.model_dump(mode="json")
    assert {key: shown[key] for key in expected} == expected


def test_a_holiday_is_named_and_a_weekend_is_not(client: HubClient) -> None:
    app = queue_app(client)
    nyepi = display_board(app, OFFICE, datetime.fromisoformat("2026-03-19T10:00:00+07:00"))
    saturday = display_board(app, OFFICE, datetime.fromisoformat("2026-03-28T10:00:00+07:00"))
    assert (nyepi.holiday, saturday.holiday) == ("Hari Suci Nyepi", None)
