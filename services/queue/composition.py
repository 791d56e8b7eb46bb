"""The queue's composition root: builds the service from the hub's context."""

from __future__ import annotations

from fastapi import APIRouter

from infra.context import ServiceContext
from infra.processing import last_position
from infra.service import Service
from infra.visit_links import VisitLinks
from services.queue.api.routes import router as api_router
from services.queue.application import QueueApplication
from services.queue.mapper import to_envelope
from services.queue.pages.routes import router as pages_router
from services.queue.reactions import intake_consumer


def routes() -> APIRouter:
    """The JSON API under /api/queue and the pages (/petugas, /antrian) with their files."""
    router = APIRouter()
    router.include_router(api_router)
    router.include_router(pages_router)
    return router


def build_service(ctx: ServiceContext) -> Service:
    links = VisitLinks(ctx.visitor_ref_key, ctx.settings.public_url)
    application = QueueApplication(ctx.store_env("queue"), offices=ctx.offices, links=links)
    application.board.catch_up()  # rebuild the board from the store before serving
    application.offices.calendar(ctx.settings.office_id)  # load the holidays once, now
    consumer = intake_consumer(application)

    return Service(
        name="queue",
        router=routes(),
        application=application,
        to_envelope=to_envelope,
        consumes=("intake",),
        handle_batch=consumer,
        dead_letters=consumer.letters,
        retry_consumed=consumer.retry,
        last_position=last_position(application),
        close=application.close,
    )
