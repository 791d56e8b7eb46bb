"""WhatsApp Cloud API webhook (Meta): handshake, signature, batches of messages.

- GET handshake: Meta sends `hub.mode=subscribe`, `hub.verify_token` and
  `hub.challenge`; we echo the challenge when the token is ours.
- Every POST carries `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body
  with the app secret>`; it is checked (constant time) before the body is parsed.
- A POST holds entries, each with changes; a `messages` change holds `messages`
  (from visitors) and/or `statuses` (delivery receipts of our replies, ignored here).
  Reactions and system notices are not messages to a consultation and are skipped.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.intake.channels.base import (
    ChannelNotConfigured,
    HandshakeRefused,
    InboundMessage,
    RawInbound,
    Reply,
    Sender,
    Signature,
    payload_error,
    validate_json,
)

SIGNATURE_HEADER = "X-Hub-Signature-256"
SKIPPED_TYPES = frozenset({"reaction", "system", "ephemeral"})
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")


class Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Profile(Tolerant):
    name: str | None = None


class Contact(Tolerant):
    wa_id: str
    profile: Profile | None = None


class Metadata(Tolerant):
    display_phone_number: str
    phone_number_id: str


class WhatsAppMessage(Tolerant):
    sender: str = Field(alias="from", pattern=r"^[0-9]{6,20}$")
    id: str = Field(min_length=1, max_length=256)
    timestamp: str = Field(pattern=r"^[0-9]{1,12}$")
    type: str
    text: dict[str, Any] | None = None
    image: dict[str, Any] | None = None
    video: dict[str, Any] | None = None
    audio: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    sticker: dict[str, Any] | None = None
    interactive: dict[str, Any] | None = None
    button: dict[str, Any] | None = None


class MessagesValue(Tolerant):
    messaging_product: Literal["whatsapp"]
    metadata: Metadata
    contacts: list[Contact] = []
    messages: list[WhatsAppMessage] = []
    statuses: list[dict[str, Any]] = []


class Change(Tolerant):
    field: str
    value: dict[str, Any]


class Entry(Tolerant):
    id: str
    changes: list[Change]


class Webhook(Tolerant):
    object: Literal["whatsapp_business_account"]
    entry: list[Entry]


class WhatsAppChannel:
    name: ClassVar[str] = "whatsapp"

    def __init__(
        self,
        *,
        app_secret: str | None,
        verify_token: str | None,
        default_office: str,
        offices: Mapping[str, str] | None = None,
        graph_api_version: str = "v21.0",
    ) -> None:
        self.app_secret = app_secret
        self.signed = Signature(SIGNATURE_HEADER, app_secret, NOT_CONFIGURED)
        self.verify_token = verify_token
        self.default_office = default_office
        self.offices = dict(offices or {})
        self.graph_api_version = graph_api_version

    # --- handshake and signature --------------------------------------------------------

    def handshake(self, mode: str | None, token: str | None, challenge: str | None) -> str:
        """The challenge to echo back when Meta subscribes with our verify token."""
        if not self.verify_token:
            raise ChannelNotConfigured("hub.verify_token", NOT_CONFIGURED)
        if mode != "subscribe":
            raise HandshakeRefused("hub.mode", "harus 'subscribe' / must be 'subscribe'")
        if token is None or not hmac.compare_digest(token.encode(), self.verify_token.encode()):
            raise HandshakeRefused(
                "hub.verify_token", "token verifikasi salah / wrong verify token"
            )
        if not challenge:
            raise HandshakeRefused("hub.challenge", "wajib diisi / required")
        return challenge

    def verify(self, raw: RawInbound) -> None:
        self.signed.verify(raw)

    def signature(self, body: bytes) -> str:
        return self.signed.of(body)

    # --- parsing ------------------------------------------------------------------------

    def parse(self, raw: RawInbound) -> list[InboundMessage]:
        webhook = validate_json(Webhook, raw.body)
        found: list[InboundMessage] = []
        for e, entry in enumerate(webhook.entry):
            for c, change in enumerate(entry.changes):
                if change.field == "messages":
                    value = parse_value(change.value, f"entry.{e}.changes.{c}.value.")
                    found.extend(self.messages_of(value))
        return found

    def messages_of(self, value: MessagesValue) -> list[InboundMessage]:
        names = {c.wa_id: c.profile.name for c in value.contacts if c.profile is not None}
        account = value.metadata.phone_number_id
        office = self.offices.get(account, self.default_office)
        return [
            InboundMessage(
                channel=self.name,
                office_id=office,
                sender=Sender(name=names.get(message.sender), phone=message.sender),
                message_id=message.id,
                occurred_at=instant(message.timestamp, "messages.timestamp"),
                kind=message.type,
                text=text_of(message),
                account=account,
                attachments=attachments_of(message),
            )
            for message in value.messages
            if message.type not in SKIPPED_TYPES
        ]

    # --- replies ------------------------------------------------------------------------

    def reply(self, message: InboundMessage, text: str) -> Reply:
        """A text message through the Graph API, within the 24-hour service window."""
        return Reply(
            channel=self.name,
            recipient=message.sender.phone,
            text=text,
            request={
                "method": "POST",
                "url": f"https://graph.facebook.com/{self.graph_api_version}/"
                f"{message.account}/messages",
                "json": {
                    "messaging_product": "whatsapp",
                    "recipient_type": "individual",
                    "to": message.sender.phone,
                    "type": "text",
                    "context": {"message_id": message.message_id},
                    "text": {"preview_url": False, "body": text},
                },
            },
        )


NOT_CONFIGURED = (
    "kanal WhatsApp belum dikonfigurasi / WhatsApp channel not configured "
    "(PST_INTAKE_WHATSAPP_APP_SECRET, PST_INTAKE_WHATSAPP_VERIFY_TOKEN)"
)


def parse_value(value: dict[str, Any], prefix: str) -> MessagesValue:
    try:
        return MessagesValue.model_validate(value)
    except ValidationError as exc:
        raise payload_error(exc, prefix) from None


def text_of(message: WhatsAppMessage) -> str | None:
    """What the visitor wrote: a text body, a caption, or the title of a tapped button."""
    if message.text is not None:
        return str(message.text.get("body") or "") or None
    if message.type in MEDIA_TYPES:
        media = getattr(message, message.type) or {}
        return media.get("caption")
    if message.interactive is not None:
        reply = message.interactive.get("button_reply") or message.interactive.get("list_reply")
        return reply.get("title") if isinstance(reply, dict) else None
    if message.button is not None:
        return message.button.get("text")
    return None


def attachments_of(message: WhatsAppMessage) -> tuple[str, ...]:
    """A media message's file: its filename (documents), else its type and media id."""
    if message.type not in MEDIA_TYPES:
        return ()
    media = getattr(message, message.type) or {}
    name = media.get("filename") or f"{message.type} {media.get('id', '')}".strip()
    return (str(name),)


@dataclass(frozen=True)
class StatusReport:
    """A status webhook entry for a message we sent (statuses[] of a `messages` change)."""

    provider_id: str
    status: str  # sent, delivered, read, failed
    at: datetime
    callback_data: str | None = None
    error_code: int | None = None
    reason: str | None = None


class WhatsAppStatus(Tolerant):
    id: str = Field(min_length=1, max_length=256)
    status: str
    timestamp: str = Field(pattern=r"^[0-9]{1,12}$")
    recipient_id: str | None = None
    biz_opaque_callback_data: str | None = None
    errors: list[dict[str, Any]] = []


def status_reports(raw: RawInbound) -> list[StatusReport]:
    """The status reports of a (verified) webhook; unknown statuses are skipped."""
    webhook = validate_json(Webhook, raw.body)
    found: list[StatusReport] = []
    for entry in webhook.entry:
        for change in entry.changes:
            if change.field != "messages":
                continue
            for item in change.value.get("statuses", []):
                try:
                    status = WhatsAppStatus.model_validate(item)
                except ValidationError as exc:
                    raise payload_error(exc, "statuses.") from None
                if status.status in ("sent", "delivered", "read", "failed"):
                    found.append(report_of(status))
    return found


def report_of(status: WhatsAppStatus) -> StatusReport:
    error = status.errors[0] if status.errors else {}
    details = (error.get("error_data") or {}).get("details") or error.get("message")
    code = error.get("code")
    reason = f"{code} {error.get('title', '')}: {details or ''}".strip() if error else None
    return StatusReport(
        provider_id=status.id,
        status=status.status,
        at=instant(status.timestamp, "statuses.timestamp"),
        callback_data=status.biz_opaque_callback_data,
        error_code=code if isinstance(code, int) else None,
        reason=reason,
    )


def instant(timestamp: str, field: str) -> datetime:
    """A webhook's POSIX timestamp. One beyond the calendar is taken as the latest instant:
    the message is then recorded at its receipt and flagged `future`, not refused (Meta
    would redeliver a refused webhook for days)."""
    try:
        return datetime.fromtimestamp(int(timestamp), UTC)
    except (OverflowError, ValueError, OSError):
        return datetime.max.replace(tzinfo=UTC)
