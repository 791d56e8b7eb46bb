"""The waiting-room display's live feed, as server-sent events.

The feed opens with a `board` event (who is being served, how many wait, alerts such as
no officer on duty), then sends a `called` event for each ticket called or recalled, and
a fresh `board` whenever the board changes. Event ids are positions in the queue's log,
so a display that reconnects with `Last-Event-ID` misses no call. `limit` and `seconds`
bound a stream (tests, proxies that prefer short-lived connections).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool

from services.queue.api.presenters import board_out, call_out
from services.queue.application import QueueApplication

HEARTBEAT_SECONDS = 15.0


def sse(event: str, data: dict[str, Any], event_id: int | None = None) -> str:
    lines = [f"event: {event}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    return "\n".join(lines) + "\n\n"


@dataclass
class FeedBounds:
    limit: int | None = None  # events to send before closing
    seconds: float | None = None  # how long to stay open
    poll_seconds: float = 1.0


def board_json(app: QueueApplication, office_id: str) -> dict[str, Any]:
    return board_out(app.board_view(office_id)).model_dump(mode="json")


class DisplayFeed:
    """The feed of one display; `events()` is an async generator: the store is read in a
    worker thread, the waits between polls hold no thread, and a disconnect just ends it."""

    def __init__(
        self,
        app: QueueApplication,
        office_id: str,
        after: int | None,
        bounds: FeedBounds,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app, self.office_id, self.bounds, self.clock = app, office_id, bounds, clock
        self.last_call = after
        self.started = self.last_beat = clock()
        self.sent = 0
        self.shown: dict[str, Any] | None = None

    def still_open(self) -> bool:
        within_limit = self.bounds.limit is None or self.sent < self.bounds.limit
        in_time = self.bounds.seconds is None or self.clock() - self.started < self.bounds.seconds
        return within_limit and in_time

    async def events(self) -> AsyncIterator[str]:
        while self.still_open():
            frames = await self.news()
            for frame in frames:
                if not self.still_open():
                    return
                self.sent, self.last_beat = self.sent + 1, self.clock()
                yield frame
            if frames or not self.still_open():
                continue
            if self.clock() - self.last_beat >= HEARTBEAT_SECONDS:
                self.last_beat = self.clock()
                yield ": keep-alive\n\n"
            await anyio.sleep(self.bounds.poll_seconds)

    async def news(self) -> list[str]:
        """A `board` frame when the board changed, then a `called` frame per new call."""
        board = await run_in_threadpool(board_json, self.app, self.office_id)
        position = self.app.board.position
        if self.last_call is None:
            self.last_call = position
        frames: list[str] = []
        content = {key: value for key, value in board.items() if key != "at"}
        if content != self.shown:
            self.shown = content
            frames.append(sse("board", board, position))
        for call in self.app.board.calls_since(self.office_id, self.last_call):
            frames.append(sse("called", call_out(call).model_dump(mode="json"), call.seq))
            self.last_call = call.seq
        return frames
