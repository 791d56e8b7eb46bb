"""The kit's server-sent events: frames, a heartbeat while the source is quiet, and the
source closed when the stream ends early (a client that went away)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio

from infra.pages.sse import HEARTBEAT, sse_frame, with_heartbeat


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

    anyio.run(run)
    assert closed == [True]
