"""The kit's server-sent events: frames, a heartbeat while the source is quiet, and the
source closed when the stream ends early (a client that went away)."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator

import anyio
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from infra.pages.sse import HEARTBEAT, sse, sse_frame, with_heartbeat
from tests.browser import LiveServer


def test_a_frame_is_event_id_and_compact_json() -> None:
    frame = sse_frame("called", {"number": "A-001", "desk": "Meja 2"}, 7)
    assert frame == 'event: called\nid: 7\ndata: {"number":"A-001","desk":"Meja 2"}\n\n'


def test_a_quiet_source_gets_heartbeats_and_its_frames_in_order() -> None:
    async def slow() -> AsyncIterator[str]:
        yield "a"
        await anyio.sleep(0.35)
        yield "b"

    async def run() -> list[str | bytes]:
        return [frame async for frame in with_heartbeat(slow(), 0.1)]

    frames = anyio.run(run)
    assert frames[0] == "a" and frames[-1] == "b"
    assert 2 <= frames.count(HEARTBEAT) <= 4


def test_a_stream_closed_early_closes_its_source() -> None:
    closed: list[bool] = []

    async def endless() -> AsyncIterator[str]:
        try:
            while True:
                await anyio.sleep(0.01)
                yield "tick"
        finally:
            closed.append(True)

    async def run() -> None:
        stream = with_heartbeat(endless(), 5.0)
        assert await anext(stream) == "tick"
        await stream.aclose()  # what the server does when the client disconnects
        assert closed == [True]  # at once, not when the loop collects it

    anyio.run(run)


def test_a_client_that_goes_away_ends_the_source_on_a_real_server() -> None:
    closed = threading.Event()

    async def endless() -> AsyncIterator[str]:
        try:
            while True:
                yield sse_frame("tick", {"at": time.time()})
                await anyio.sleep(0.05)
        finally:
            closed.set()

    app = FastAPI()

    @app.get("/stream")
    def stream(request: Request) -> StreamingResponse:
        return sse(endless(), request, heartbeat_seconds=0.2)

    server = LiveServer()
    url = server.start(app)
    try:
        with httpx.stream("GET", url + "/stream", timeout=5) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            assert next(response.iter_lines()) == "event: tick"
        assert closed.wait(timeout=5), "the source kept running after the client left"
    finally:
        server.stop()
