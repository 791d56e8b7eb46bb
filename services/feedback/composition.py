"""Feedback's composition root: builds the service from the hub's context."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from fastapi import APIRouter

from infra.context import ServiceContext
from infra.dead_letters import DeadLetters
from infra.delivery.channels import DeliveryConfig
from infra.delivery.outbox import Deliverer
from infra.processing import ExactlyOnce, last_position
from infra.service import Service
from infra.visit_links import VisitLinks, public_link
from services.feedback.api.routes import router as api_router
from services.feedback.application import FeedbackApplication
from services.feedback.container import FeedbackContainer
from services.feedback.dispatcher import InvitationDispatcher
from services.feedback.mapper import to_envelope
from services.feedback.notifier import LoggingNotifier, Notifier
from services.feedback.pages.routes import router as pages_router
from services.feedback.rate_limit import TokenBucketLimiter
from services.feedback.reactions import Delivery, arrivals_first, react
from services.feedback.settings import FeedbackSettings


def routes() -> APIRouter:
    """The JSON API under /api/feedback and the visitor pages (/survei/{token}, /pengaduan)."""
    router = APIRouter()
    router.include_router(api_router)
    router.include_router(pages_router)
    return router


def seconds_of(clock: Callable[[], datetime] | None) -> Callable[[], float]:
    """The limiter's clock: the injected one when a test moves time, else monotonic."""
    if clock is None:
        return time.monotonic
    return lambda: clock().timestamp()


def build_service(
    ctx: ServiceContext,
    settings: FeedbackSettings,
    notifier: Notifier | None = None,
    clock: Callable[[], datetime] | None = None,
    delivery: DeliveryConfig | None = None,
) -> Service:
    # Survey comments, complaint texts and complainants' contacts: encrypted at rest.
    env = {
        **ctx.store_env("feedback"),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": ctx.cipher_key,
    }
    if settings.survey_link_template is None:  # the hub's one public address (PST_PUBLIC_URL)
        template = public_link(ctx.settings.public_url, "/survei/{token}")
        settings = settings.model_copy(update={"survey_link_template": template})
    links = VisitLinks(ctx.visitor_ref_key, ctx.settings.public_url)
    application = FeedbackApplication(
        env, settings=settings, clock=clock, offices=ctx.offices, links=links
    )
    dispatcher = InvitationDispatcher(application, notifier or LoggingNotifier())
    delivery = delivery or DeliveryConfig()
    deliverer = Deliverer(
        application, delivery.adapters, delivery.policy, interval_seconds=delivery.interval_seconds
    )
    apply = ExactlyOnce(
        application,
        partial(react, application),
        order=arrivals_first,
        letters=DeadLetters(application, "feedback"),
    )

    def handle_batch(deliveries: Sequence[Delivery]) -> None:
        apply(deliveries)
        dispatcher.run_until_caught_up()

    return Service(
        name="feedback",
        router=routes(),
        application=application,
        to_envelope=to_envelope,
        consumes=("intake", "queue"),
        handle_batch=handle_batch,
        dead_letters=apply.letters,
        retry_consumed=apply.retry,
        last_position=last_position(application),
        container=FeedbackContainer(
            settings=settings,
            dispatcher=dispatcher,
            deliverer=deliverer,
            limiter=TokenBucketLimiter(
                settings.public_rate_per_minute, settings.public_burst, seconds_of(clock)
            ),
            office_id=ctx.settings.office_id,
        ),
        workers=(deliverer,),
        close=application.close,
    )
