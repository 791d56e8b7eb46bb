"""Intake's settings: channel secrets and conversation rules (`PST_INTAKE_*`, read by the hub).

Unset secrets leave their channel closed: the webhook answers 503 and records nothing.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


def _idle_hours() -> dict[str, float]:
    # WhatsApp's customer-service window is 24 hours; e-mail threads are slower.
    return {"whatsapp": 24.0, "email": 72.0}


def _redelivery_hours() -> dict[str, float]:
    # Meta retries a webhook for up to 7 days; mail servers queue for up to 5.
    return {"whatsapp": 168.0, "email": 120.0, "halopst": 24.0}


class IntakeSettings(BaseModel):
    # WhatsApp Cloud API: the token Meta echoes in the GET handshake, and the app
    # secret that signs every POST (X-Hub-Signature-256).
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    # phone_number_id -> BPS office code; numbers not listed belong to the hub's office.
    whatsapp_offices: dict[str, str] = Field(default_factory=dict)
    graph_api_version: str = "v21.0"
    # The inbound mail gateway signs the raw message: X-Pst-Signature-256.
    email_gateway_key: SecretStr | None = None
    email_reply_from: str = "pst3572@bps.go.id"
    # A message continues the open conversation of its sender on the same channel
    # when the previous one is at most this many hours old.
    conversation_idle_hours: dict[str, float] = Field(default_factory=_idle_hours)
    # A message whose own timestamp is older than its channel's redelivery window (or in
    # the future) is recorded at the receipt time and flagged (channel_clock.py).
    redelivery_window_hours: dict[str, float] = Field(default_factory=_redelivery_hours)


def secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None
