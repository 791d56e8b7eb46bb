"""The waiting-room feed as a generator: bounded, resumable, alive when quiet."""

from __future__ import annotations

import anyio

from infra.pages.sse import with_heartbeat
from services.queue.api.display import DisplayFeed, FeedBounds
from services.queue.application import QueueApplication
from services.queue.reactions import consume_intake
from services.queue.tests.arrivals import arrival, at, delivered


def collect(feed: DisplayFeed) -> list[str]:
    async def run() -> list[str]:
        return [frame async for frame in feed.events()]

    return anyio.run(run)


def kinds(frames: list[str]) -> list[str]:
    return [frame.splitlines()[0] for frame in frames]


def test_a_quiet_feed_is_kept_alive_by_the_kit_until_its_time_is_up(
    app: QueueApplication,
) -> None:
    feed = DisplayFeed(app, "3572", None, FeedBounds(seconds=1.5, poll_seconds=0.02))

    async def run() -> list[str | bytes]:
        return [frame async for frame in with_heartbeat(feed.events(), 0.05)]

    frames = [str(frame) for frame in anyio.run(run)]
    events = [kind for kind in kinds(frames) if kind != ": keep-alive"]
    assert events == ["event: board"]  # one board, then nothing new: only heartbeats
    assert kinds(frames).count(": keep-alive") >= 5


def test_a_display_that_reconnects_gets_the_calls_it_missed(app: QueueApplication) -> None:
    consume_intake(app, [delivered(arrival("v1")), delivered(arrival("v2", when=at("08:11")))])
    app.sign_on("3572", "petugas-ani", "Meja 1", at("08:00"))
    app.board.catch_up()
    seen = app.board.position
    first = app.call_next("3572", "offline", "petugas-ani", at("08:12"))
    app.abandon("3572", first.id, "no_show", "petugas-ani", at("08:14"))
    app.call_next("3572", "offline", "petugas-ani", at("08:15"))
    frames = collect(DisplayFeed(app, "3572", seen, FeedBounds(limit=3)))
    assert kinds(frames) == ["event: board", "event: called", "event: called"]
    assert '"number":"A-001"' in frames[1] and '"number":"A-002"' in frames[2]
    ids = [int(frame.splitlines()[1].removeprefix("id: ")) for frame in frames[1:]]
    assert seen < ids[0] < ids[1]
