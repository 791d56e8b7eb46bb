"""The adapters of outbound delivery, built from settings (by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass, field

from infra.delivery.outbox import RetryPolicy
from infra.delivery.ports import Adapter
from infra.delivery.settings import DeliverySettings
from infra.delivery.smtp import SmtpAdapter, SmtpServer
from infra.delivery.whatsapp import WhatsAppCloudAdapter


@dataclass(frozen=True)
class DeliveryConfig:
    """What a sending service needs: its adapters, the retry policy, the window."""

    adapters: dict[str, Adapter] = field(default_factory=dict)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    interval_seconds: float = 1.0
    whatsapp_window_hours: float = 24.0


def build_delivery(settings: DeliverySettings, smtp: SmtpServer | None = None) -> DeliveryConfig:
    """A channel without its credential (no token, no mail server) keeps its messages
    pending until one is configured: recorded, never lost, never faked."""
    adapters: dict[str, Adapter] = {}
    if settings.whatsapp_configured:
        adapters["whatsapp"] = WhatsAppCloudAdapter(settings)
    if smtp is not None:
        adapters["email"] = SmtpAdapter(smtp)
    policy = RetryPolicy(
        base_seconds=settings.retry_base_seconds,
        cap_seconds=settings.retry_cap_seconds,
        max_attempts=settings.max_attempts,
        in_flight_grace_seconds=settings.in_flight_grace_seconds,
    )
    return DeliveryConfig(
        adapters, policy, settings.interval_seconds, settings.whatsapp_window_hours
    )
