"""WhatsApp Cloud API adapter: `POST /{version}/{phone-number-id}/messages`, bearer token.

Inside the 24-hour customer-service window a free-form text message; outside it the
approved template from settings (name, language; body parameter {{1}} = the text).
`biz_opaque_callback_data` carries the outbox id: Meta echoes it in the status webhooks.

Documented errors (Graph API error object `{"error": {"code", "message", ...}}`):
- 131047 re-engagement required (more than 24 h since the visitor's last message):
  retried at once as a template;
- 130429 throughput rate limit, 131056 pair rate limit (too many to one number), 80007,
  HTTP 429 and 5xx: retried with backoff;
- 131026 message undeliverable (invalid recipient), and any other 4xx (bad token,
  unapproved template...): set aside with the reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from infra.delivery.ports import Parcel, RetryLater, Sent, Undeliverable
from infra.delivery.settings import DeliverySettings

REENGAGEMENT = 131047
RATE_LIMITS = frozenset({130429, 131056, 80007, 4, 613})
INVALID_RECIPIENT = 131026
TEMPLATE_TEXT_LIMIT = 1024


class WhatsAppCloudAdapter:
    channel: ClassVar[str] = "whatsapp"

    def __init__(self, settings: DeliverySettings, client: httpx.Client | None = None) -> None:
        assert settings.whatsapp_access_token is not None
        self.settings = settings
        self.token = settings.whatsapp_access_token.get_secret_value()
        self.client = client or httpx.Client(timeout=settings.http_timeout_seconds)

    def url(self, phone_number_id: str) -> str:
        s = self.settings
        return f"{s.graph_base_url.rstrip('/')}/{s.graph_api_version}/{phone_number_id}/messages"

    def body(self, parcel: Parcel) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": parcel.recipient,
            "biz_opaque_callback_data": parcel.message_id,
        }
        if parcel.mode == "template":
            body["type"] = "template"
            body["template"] = {
                "name": self.settings.whatsapp_template_name,
                "language": {"code": self.settings.whatsapp_template_language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": parcel.text[:TEMPLATE_TEXT_LIMIT]}],
                    }
                ],
            }
        else:
            body["type"] = "text"
            body["text"] = {"preview_url": False, "body": parcel.text}
            if parcel.reply_to:
                body["context"] = {"message_id": parcel.reply_to}
        return body

    def send(self, parcel: Parcel) -> Sent:
        sender = parcel.account or self.settings.whatsapp_phone_number_id
        if not sender:
            raise Undeliverable("no phone_number_id (PST_DELIVERY_WHATSAPP_PHONE_NUMBER_ID)")
        try:
            response = self.client.post(
                self.url(sender),
                json=self.body(parcel),
                headers={"Authorization": f"Bearer {self.token}"},
            )
        except httpx.HTTPError as exc:
            raise RetryLater(f"Graph API unreachable: {type(exc).__name__}") from None
        if response.status_code == 200:
            return Sent(provider_id=accepted_id(response))
        raise failure(response)


def accepted_id(response: httpx.Response) -> str:
    try:
        return str(response.json()["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise RetryLater("Graph API answered 200 without a message id") from None


def failure(response: httpx.Response) -> Exception:
    """The documented handling of a Graph API error response."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code")
    reason = f"Graph API {response.status_code} error {code}: {error.get('message', '')}".strip()
    if code == REENGAGEMENT:
        return RetryLater(reason, template=True)
    if code in RATE_LIMITS or response.status_code == 429:
        after = response.headers.get("Retry-After")
        return RetryLater(reason, float(after) if after and after.isdigit() else None)
    if response.status_code >= 500:
        return RetryLater(reason)
    return Undeliverable(reason)
