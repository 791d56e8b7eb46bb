"""Intake's composition root: builds the service from the hub's context and settings."""

from __future__ import annotations

from fastapi import APIRouter

from infra.context import ServiceContext
from infra.delivery.channels import DeliveryConfig
from infra.delivery.outbox import Deliverer
from infra.processing import last_position
from infra.service import Service
from infra.visit_links import VisitLinks
from services.intake.api.routes import router as api_router
from services.intake.application import IntakeApplication
from services.intake.channels.base import Channel
from services.intake.channels.email import EmailChannel
from services.intake.channels.halopst import HalopstChannel
from services.intake.channels.walk_in import WalkInChannel
from services.intake.channels.whatsapp import WhatsAppChannel
from services.intake.container import IntakeContainer
from services.intake.conversations import Conversations
from services.intake.inbox import Inbox
from services.intake.mapper import to_envelope
from services.intake.pages.routes import router as pages_router
from services.intake.reactions import queue_consumer
from services.intake.settings import IntakeSettings, secret
from services.intake.visitor_ref import VisitorRefs

MIB = 1024 * 1024


def routes() -> APIRouter:
    """The JSON API under /api/intake and the pages (/resepsionis, /buku-tamu, /kunjungan)."""
    router = APIRouter()
    router.include_router(api_router)
    router.include_router(pages_router)
    return router


def build_channels(settings: IntakeSettings, default_office: str) -> dict[str, Channel]:
    channels: list[Channel] = [
        WalkInChannel(),
        HalopstChannel(),
        WhatsAppChannel(
            app_secret=secret(settings.whatsapp_app_secret),
            verify_token=secret(settings.whatsapp_verify_token),
            default_office=default_office,
            offices=settings.whatsapp_offices,
            graph_api_version=settings.graph_api_version,
        ),
        EmailChannel(
            gateway_key=secret(settings.email_gateway_key),
            default_office=default_office,
            reply_from=settings.email_reply_from,
        ),
    ]
    return {channel.name: channel for channel in channels}


def build_service(
    ctx: ServiceContext, settings: IntakeSettings, delivery: DeliveryConfig | None = None
) -> Service:
    # Intake holds personal data: its whole store is encrypted at rest.
    env = {
        **ctx.store_env("intake"),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": ctx.cipher_key,
    }
    application = IntakeApplication(
        env,
        refs=VisitorRefs(ctx.visitor_ref_key),
        offices=ctx.offices,
        idle_hours=settings.conversation_idle_hours,
        redelivery_hours=settings.redelivery_window_hours,
        links=VisitLinks(ctx.visitor_ref_key, ctx.settings.public_url),
    )
    consumer = queue_consumer(application)  # the ticket numbers and states of walk-ins
    channels = build_channels(settings, ctx.settings.office_id)
    delivery = delivery or DeliveryConfig()
    conversations = Conversations(
        application,
        window_hours=delivery.whatsapp_window_hours,
        reply_from=settings.email_reply_from,
    )
    deliverer = Deliverer(
        application, delivery.adapters, delivery.policy, interval_seconds=delivery.interval_seconds
    )
    return Service(
        name="intake",
        router=routes(),
        application=application,
        to_envelope=to_envelope,
        consumes=("queue",),
        handle_batch=consumer,
        dead_letters=consumer.letters,
        retry_consumed=consumer.retry,
        last_position=last_position(application),
        close=application.close,
        container=IntakeContainer(
            Inbox(application, channels, conversations), conversations, deliverer
        ),
        workers=(deliverer,),
        # A forwarded e-mail may carry a long thread; a webhook batch several messages.
        body_limits={"/api/intake/email/inbound": 2 * MIB, "/api/intake/whatsapp/webhook": MIB},
    )
