"""The waiting-room display's live feed, as server-sent events: PUBLIC and read-only.

The display is the TV in the waiting room, so the feed needs no token; it is scoped by a
required, validated `office_id` and carries only what the room may see: ticket numbers,
desks, times, counts and whether the office is open. Never a visit id, a visitor ref, a
ticket id or an officer's staff id (a staff id may be a name).

The feed opens with a `board` event (tickets being served, the next waiting numbers, the
counts, the opening hours' state), then sends a `called` event for each ticket called or
recalled, and a fresh `board` whenever the board changes. Event ids are positions in the
queue's log, so a display that reconnects with `Last-Event-ID` (or `last_event_id=`, for
a page that had to open a new EventSource) misses no call. `limit` and `seconds` bound a
stream (tests, proxies that prefer short-lived connections).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from infra.pages import sse, sse_frame
from services.queue.api.dependencies import QueueDep
from services.queue.application import QueueApplication
from services.queue.board_entries import CallNotice
from services.queue.domain.ticket import QUEUES
from standard.calendar import ServiceCalendar

NEXT_UP = 5  # waiting numbers shown per queue


class DisplayCall(BaseModel):
    seq: int = Field(description="Posisi di log antrean: id event SSE / the event id")
    number: str
    queue: str
    desk: str | None
    called_at: datetime
    recall: bool


class DisplayTicket(BaseModel):
    number: str
    queue: str
    state: str = Field(description="called | in_consultation")
    desk: str | None
    called_at: datetime | None


class DisplayBoard(BaseModel):
    office_id: str
    at: datetime
    office_open: bool
    closes_at: datetime | None = Field(description="Jam tutup hari ini (bila buka)")
    next_opening: datetime | None = Field(description="Buka berikutnya (bila tutup)")
    holiday: str | None = Field(description="Nama hari libur hari ini, bila ada")
    waiting: dict[str, int]
    next_up: dict[str, list[str]] = Field(description="Nomor tiket berikutnya per antrean")
    serving: list[DisplayTicket]
    recent_calls: list[DisplayCall]


def display_call(call: CallNotice) -> DisplayCall:
    return DisplayCall.model_validate(call, from_attributes=True)


def opening_state(calendar: ServiceCalendar, at: datetime) -> dict[str, Any]:
    status = calendar.status(at)
    return {
        "office_open": status.open,
        "closes_at": status.closes_at,
        "next_opening": None if status.open else status.next_opening,
        "holiday": status.holiday,
    }


def display_board(
    app: QueueApplication, office_id: str, at: datetime | None = None
) -> DisplayBoard:
    """What the waiting room sees now: numbers, desks, counts, opening hours."""
    moment = at or datetime.now(UTC)
    board = app.board
    board.catch_up()
    serving = board.in_service(office_id)
    return DisplayBoard(
        office_id=office_id,
        at=moment,
        **opening_state(app.offices.calendar(office_id), moment),
        waiting={queue: 0 for queue in QUEUES} | board.waiting_counts(office_id),
        next_up={
            queue: [t.number for t in board.waiting(office_id, queue)[:NEXT_UP]] for queue in QUEUES
        },
        serving=[DisplayTicket.model_validate(t, from_attributes=True) for t in serving],
        recent_calls=[display_call(call) for call in board.recent_calls(office_id)],
    )


def board_json(app: QueueApplication, office_id: str) -> dict[str, Any]:
    return display_board(app, office_id).model_dump(mode="json")


@dataclass
class FeedBounds:
    limit: int | None = None  # events to send before closing
    seconds: float | None = None  # how long to stay open
    poll_seconds: float = 1.0


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
        self.started = clock()
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
                self.sent += 1
                yield frame
            if frames or not self.still_open():
                continue
            await anyio.sleep(self.bounds.poll_seconds)  # quiet: the kit's sse() sends heartbeats

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
            frames.append(sse_frame("board", board, position))
        for call in self.app.board.calls_since(self.office_id, self.last_call):
            frames.append(sse_frame("called", display_call(call).model_dump(mode="json"), call.seq))
            self.last_call = call.seq
        return frames


router = APIRouter()

OfficeRequired = Annotated[
    str,
    Query(pattern=r"^[0-9]{4}$", description="Kode kantor BPS (wajib), mis. 3572 / office code"),
]


def known_office(app: QueueApplication, office_id: str) -> str:
    """Checked before the stream starts: an unknown office is a 422, not a broken stream."""
    app.offices.settings(office_id)
    return office_id


@router.get(
    "/display/events",
    tags=["queue: views"],
    summary="Siaran langsung layar ruang tunggu (SSE, publik) / waiting-room live feed (public)",
    description="Publik, hanya-baca, per kantor: nomor tiket, meja, waktu dan jam layanan; "
    "tanpa nama, tanpa visitor_ref, tanpa id petugas. / Public and read-only, per office: "
    "ticket numbers, desks, times and opening hours; no names, visitor refs or staff ids.",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "board, called"},
        422: {"description": "office_id tidak valid atau tidak dikenal / invalid office_id"},
    },
)
def display_events(
    request: Request,
    app: QueueDep,
    office_id: OfficeRequired,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    seconds: Annotated[float | None, Query(gt=0, le=86_400)] = None,
    poll_seconds: Annotated[float, Query(ge=0.05, le=30)] = 1.0,
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
    resume_after: Annotated[
        int | None,
        Query(alias="last_event_id", ge=0, description="Seperti header Last-Event-ID"),
    ] = None,
) -> StreamingResponse:
    office = known_office(app, office_id)
    after = last_event_id if last_event_id is not None else resume_after
    bounds = FeedBounds(limit=limit, seconds=seconds, poll_seconds=poll_seconds)
    return sse(DisplayFeed(app, office, after, bounds).events(), request)
