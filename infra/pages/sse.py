"""Server-sent event streams: one frame format, a heartbeat, and disconnect handling.

`sse(frames)` turns an async iterator of frames into a `text/event-stream` response. When
the source is quiet for `heartbeat_seconds` a comment line goes out, so proxies and the
browser's EventSource keep the connection open and a dead client is noticed; the source
keeps working while the comment is written. When the client goes away (the server cancels
the response, or `request.is_disconnected()` says so at a heartbeat) the source is closed,
so its polling loop ends with the connection instead of running on.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import anyio
import orjson
from fastapi import Request
from fastapi.responses import StreamingResponse

HEARTBEAT_SECONDS = 15.0
RECHECK_SECONDS = 5.0  # a signed-in stream asks again whether its person still may watch
HEARTBEAT = ": keep-alive\n\n"
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

Frame = str | bytes


def sse_frame(event: str, data: Any, event_id: int | None = None) -> str:
    """One `event:`/`id:`/`data:` frame; the data as compact JSON (UTF-8, dates as ISO)."""
    lines = [f"event: {event}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append("data: " + orjson.dumps(data).decode())
    return "\n".join(lines) + "\n\n"


async def _close(frames: AsyncIterator[Frame]) -> None:
    aclose = getattr(frames, "aclose", None)
    if aclose is not None:
        await aclose()


async def _still_allowed(request: Request) -> bool:
    from infra.security import still_signed_in

    return await anyio.to_thread.run_sync(still_signed_in, request)


async def with_heartbeat(
    frames: AsyncIterator[Frame],
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
    request: Request | None = None,
) -> AsyncGenerator[Frame, None]:
    """The source's frames, with a heartbeat comment whenever it is quiet for long.

    A stream opened by a signed-in person (or a token) ends within `RECHECK_SECONDS` of
    their sign-out, deactivation or revocation: the credential is checked again."""
    pending: asyncio.Future[Frame] | None = None
    signed_in = request is not None and getattr(request.state, "principal", None) is not None
    checked = time.monotonic()
    try:
        while True:
            if signed_in and time.monotonic() - checked >= RECHECK_SECONDS:
                assert request is not None
                if not await _still_allowed(request):
                    return
                checked = time.monotonic()
            if pending is None:
                pending = asyncio.ensure_future(anext(frames))
            wait = min(heartbeat_seconds, RECHECK_SECONDS) if signed_in else heartbeat_seconds
            done, _ = await asyncio.wait({pending}, timeout=wait)
            if not done:
                if request is not None and await request.is_disconnected():
                    return
                yield HEARTBEAT
                continue
            finished, pending = pending, None
            try:
                frame = finished.result()
            except StopAsyncIteration:
                return
            yield frame
    finally:
        with anyio.CancelScope(shield=True):  # a cancelled response still closes its source
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending
            await _close(frames)


def sse(
    frames: AsyncIterator[Frame],
    request: Request | None = None,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> StreamingResponse:
    """A `text/event-stream` response of `frames`, kept alive and closed with the client."""
    return StreamingResponse(
        with_heartbeat(frames, heartbeat_seconds, request),
        media_type="text/event-stream",
        headers=STREAM_HEADERS,
    )
