"""Settings of outbound delivery (`PST_DELIVERY_*`, read by the hub's settings tree)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class DeliverySettings(BaseModel):
    # WhatsApp Cloud API: POST {graph_base_url}/{graph_api_version}/{phone_number_id}/messages
    whatsapp_access_token: SecretStr | None = None  # a system user's permanent token
    whatsapp_phone_number_id: str | None = None  # the sender when a message names none
    graph_base_url: str = "https://graph.facebook.com"
    graph_api_version: str = "v21.0"
    # The approved template sent outside the 24-hour customer-service window: its body
    # has one parameter, {{1}}, which carries the text.
    whatsapp_template_name: str = "pst_balasan"
    whatsapp_template_language: str = "id"
    http_timeout_seconds: float = Field(default=15.0, gt=0)
    # Retries: min(cap, base x 2^(attempt-1)) apart; set aside after max_attempts.
    retry_base_seconds: float = Field(default=5.0, gt=0)
    retry_cap_seconds: float = Field(default=900.0, gt=0)
    max_attempts: int = Field(default=8, ge=1)
    # An attempt found "sending" (its process died mid-send) is retried after this.
    in_flight_grace_seconds: float = Field(default=120.0, ge=0)
    interval_seconds: float = Field(default=1.0, gt=0)
    # Hour of the 24-hour window the visitor's last message opened (WhatsApp policy).
    whatsapp_window_hours: float = Field(default=24.0, gt=0)

    @property
    def whatsapp_configured(self) -> bool:
        return self.whatsapp_access_token is not None
