"""Intake's composition root: builds the service from the hub's context."""

from __future__ import annotations

from hub.context import ServiceContext
from hub.service import Service
from services.intake.api.routes import router
from services.intake.application import IntakeApplication
from services.intake.mapper import to_envelope
from services.intake.visitor_ref import VisitorRefs


def build_service(ctx: ServiceContext) -> Service:
    # Intake holds personal data: its whole store is encrypted at rest.
    env = {
        **ctx.store_env("intake"),
        "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
        "CIPHER_KEY": ctx.cipher_key,
    }
    application = IntakeApplication(env, refs=VisitorRefs(ctx.visitor_ref_key))
    return Service(
        name="intake",
        router=router,
        application=application,
        to_envelope=to_envelope,
        close=application.close,
    )
