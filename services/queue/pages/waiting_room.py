"""The waiting-room display (/antrian?office_id=3572): public, read-only, for the TV.

The page is a shell; its script follows the public display feed
(/api/queue/display/events) with an EventSource and shows the called numbers with their
desks, the next waiting numbers, the clock and the service calendar's opening hours.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from infra.pages import render
from services.queue.api.dependencies import QueueDep
from services.queue.pages.schedule import weekly_schedule
from standard.directory import UnknownOfficeError
from standard.office import OFFICE_CODE
from standard.wording import zone_name

router = APIRouter()


def feed_url(office_id: str) -> str:
    return "/api/queue/display/events?" + urlencode({"office_id": office_id})


def unknown_office(office_id: str) -> HTMLResponse:
    return render(
        "message.html.j2",
        422,
        title="Kode kantor tidak dikenal",
        text=f"“{office_id}” bukan kode kantor BPS. Buka layar ini dengan kode kantor "
        "empat angka, misalnya /antrian?office_id=3572.",
        subtitle="Unknown office code: use a four-digit BPS office code.",
    )


@router.get("/antrian", include_in_schema=False, response_model=None)
def waiting_room_page(
    request: Request,
    app: QueueDep,
    office_id: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    if office_id is None:  # the TV's bookmark may omit it: this hub's own office
        own = app.offices.home
        return RedirectResponse(f"/antrian?{urlencode({'office_id': own})}", status_code=307)
    if not OFFICE_CODE.match(office_id):
        return unknown_office(office_id)
    try:
        settings = app.offices.settings(office_id)
    except UnknownOfficeError:
        return unknown_office(office_id)
    return render(
        "queue/display.html.j2",
        office_id=office_id,
        office_name=settings.name,
        time_zone=settings.time_zone,
        zone=zone_name(settings.time_zone),
        schedule=weekly_schedule(settings),
        feed=feed_url(office_id),
    )
