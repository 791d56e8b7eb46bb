"""The SLA dashboard API: a snapshot per office, and a server-sent-events stream of them.

The stream sends a `snapshot` event at once, then a fresh one as soon as the projection
committed events of any office (an in-process signal wakes it; a consumer in another
process is noticed by looking at the store every `poll_seconds`), and at least every
`heartbeat_seconds` (waits grow with the clock). Event ids are the projection's `seq`.
`limit` and `seconds` bound a stream (tests, proxies that prefer short connections).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from infra.openapi import media_types
from infra.pages import sse, sse_frame
from infra.service import Service
from services.reporting.api.dependencies import (
    ERRORS,
    ReportingDep,
    Watching,
    full_view,
    known_office,
)
from services.reporting.dashboard import TodayView, month_so_far
from services.reporting.live import LiveReporting

router = APIRouter(tags=["reporting: dashboard"], responses=ERRORS)


def snapshot(
    reporting: LiveReporting, office_id: str, services: Mapping[str, Service], full: bool
) -> dict[str, Any]:
    """The dashboard of one office now; `full=False` is the officers' view (today only)."""
    calendar, now = reporting.calendar(office_id), reporting.now()
    with reporting.facts(office_id) as facts:
        view: dict[str, Any] = {
            "office_id": office_id,
            "office_name": calendar.settings.name,
            "today": TodayView(facts, calendar, now).to_json(),
            "events": len(facts.event_ids),
        }
        if full:
            view["month"] = month_so_far(facts, calendar, now)
    if full:
        view["lag"] = reporting.lag(services)
    return view


async def snapshot_stream(
    reporting: LiveReporting,
    office_id: str,
    services: Mapping[str, Service],
    full: bool,
    limit: int | None = None,
    seconds: float | None = None,
) -> AsyncIterator[str]:
    settings, feed = reporting.settings, reporting.feed
    started = time.monotonic()
    seen, shown, sent, last_sent = feed.version, None, 0, 0.0
    while (limit is None or sent < limit) and (
        seconds is None or time.monotonic() - started < seconds
    ):
        version = await asyncio.to_thread(reporting.live.version, office_id)
        if version != shown or time.monotonic() - last_sent >= settings.heartbeat_seconds:
            view = await asyncio.to_thread(snapshot, reporting, office_id, services, full)
            yield sse_frame("snapshot", view, version[1])
            shown, sent, last_sent = version, sent + 1, time.monotonic()
            continue
        seen = await feed.wait_async(seen, settings.poll_seconds)


@router.get(
    "/offices/{office_id}/dashboard",
    summary="Dasbor SLA kantor: hari ini, bulan ini, tren, jeda proyeksi / the SLA dashboard",
    description="Hari ini sejauh ini (pengunjung per kanal, yang menunggu, tunggu terlama, "
    "pelanggaran standar, kepatuhan, petugas bertugas dan menganggur), bulan ini sejauh ini "
    "dengan tren harian, dan jeda proyeksi per topik. Petugas hanya melihat `today`.",
)
def dashboard(
    office_id: str, request: Request, reporting: ReportingDep, principal: Watching
) -> dict[str, Any]:
    known_office(reporting, office_id)
    full = full_view(principal, office_id)
    return snapshot(reporting, office_id, request.app.state.services, full)


@router.get(
    "/offices/{office_id}/dashboard/stream",
    summary="Aliran dasbor (server-sent events) / the dashboard as server-sent events",
    description="`text/event-stream` of `snapshot` events (the same JSON as the dashboard), "
    "one within a second of new events being projected. Authenticated as every route: the "
    "staff session cookie (which EventSource sends) or an `Authorization: Bearer` header; a "
    "token in the URL is not accepted.",
    response_class=StreamingResponse,
    responses=media_types("text/event-stream"),
)
def dashboard_stream(
    office_id: str,
    request: Request,
    reporting: ReportingDep,
    principal: Watching,
    limit: Annotated[int | None, Query(ge=1, description="Tutup setelah n snapshot")] = None,
    seconds: Annotated[float | None, Query(gt=0, description="Tutup setelah n detik")] = None,
) -> StreamingResponse:
    known_office(reporting, office_id)
    full = full_view(principal, office_id)
    stream = snapshot_stream(reporting, office_id, request.app.state.services, full, limit, seconds)
    return sse(stream, request)


@router.get(
    "/lag",
    summary="Jeda proyeksi per topik/partisi / how far the projection is behind",
)
def lag(request: Request, reporting: ReportingDep, principal: Watching) -> dict[str, Any]:
    del principal  # any staff who may watch a dashboard
    return {
        "generation": reporting.store.current_generation(),
        "sources": reporting.lag(request.app.state.services),
    }
