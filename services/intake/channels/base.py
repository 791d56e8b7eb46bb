"""The one small interface every channel adapter implements, and what it produces.

A channel turns what it receives (a raw HTTP request: body, headers, query) into
normalised `InboundMessage`s after checking it really comes from the channel, and
builds replies in the channel's own format. Adapters know payload formats and
signatures, nothing about visits; the application records what they produce.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from services.intake.domain.identity_card import IdentityCard
from standard.errors import RuleViolation


class ChannelRejected(RuleViolation):
    """The request does not prove it comes from the channel (bad or missing signature)."""

    kind = "unauthorized"


class HandshakeRefused(ChannelRejected):
    """A subscription handshake with the wrong token or mode (Meta expects 403)."""

    kind = "forbidden"


class MalformedPayload(RuleViolation):
    """The payload is not what the channel sends; `field` names the first problem."""


class UnreadablePayload(MalformedPayload):
    """Not even parseable (not JSON, not a message)."""

    kind = "malformed"


class ChannelNotConfigured(RuleViolation):
    kind = "not_configured"


@dataclass(frozen=True)
class RawInbound:
    """An HTTP request as a channel delivered it; header names are lower-cased."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Signature:
    """An HMAC-SHA256 of the raw body in a `sha256=<hex>` header, keyed with a secret."""

    header: str
    secret: str | None
    not_configured: str

    def verify(self, raw: RawInbound) -> None:
        """Checked in constant time, before anything of the body is parsed."""
        if not self.secret:
            raise ChannelNotConfigured(self.header, self.not_configured)
        given = raw.header(self.header)
        if not given or not given.startswith("sha256="):
            raise ChannelRejected(self.header, "tanda tangan tidak ada / signature missing")
        if not hmac.compare_digest(given.encode(), self.of(raw.body).encode()):
            raise ChannelRejected(self.header, "tanda tangan salah / signature mismatch")

    def of(self, body: bytes) -> str:
        assert self.secret
        return "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sender:
    """Who sent a message, as the channel knows them (personal data: stays in intake)."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    identity_card: IdentityCard | None = None

    def identities(self) -> list[str]:
        """The person's identifiers, most portable first (phone, e-mail, identity card)."""
        found = [self.phone, self.email]
        if self.identity_card is not None:
            found.append(self.identity_card.identity)
        return [identity for identity in found if identity]


@dataclass(frozen=True)
class InboundMessage:
    """One normalised arrival or message, whatever the channel."""

    channel: str
    office_id: str
    sender: Sender
    message_id: str | None = None  # the channel's own id: redeliveries share it
    occurred_at: datetime | None = None  # the channel's own timestamp, when it has one
    kind: str = "text"
    text: str | None = None
    subject: str | None = None
    thread: tuple[str, ...] = ()  # message ids this one answers (e-mail)
    account: str | None = None  # our side: WhatsApp phone_number_id, e-mail recipient
    profile: Mapping[str, str] = field(default_factory=dict)
    purpose: str | None = None
    consultation_type: str | None = None
    walk_in: bool = False
    attachments: tuple[str, ...] = ()  # names of attached files or media

    @property
    def reply_address(self) -> str | None:
        """Where an answer to this message goes on its channel."""
        if self.channel == "whatsapp":
            return self.sender.phone
        return self.sender.email or self.sender.phone


@dataclass(frozen=True)
class Reply:
    """A reply in the channel's own format; `request` is what a sender would transmit."""

    channel: str
    recipient: str | None
    text: str
    request: Mapping[str, Any] = field(default_factory=dict)


class Channel(Protocol):
    """A channel adapter (a plugin): verify, parse, reply."""

    name: ClassVar[str]

    def verify(self, raw: RawInbound) -> None:
        """Raise ChannelRejected unless the request is authentic. Called before parse."""

    def parse(self, raw: RawInbound) -> list[InboundMessage]:
        """The messages in the payload (possibly none); raise MalformedPayload when bad."""
        ...

    def reply(self, message: InboundMessage, text: str) -> Reply:
        """A reply to `message` in the channel's format."""
        ...


Model = TypeVar("Model", bound=BaseModel)


def validate_json(model: type[Model], body: bytes) -> Model:
    """A JSON body validated by `model`; 400 when it is not JSON, 422 naming the field."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        if exc.errors()[0]["type"] == "json_invalid":
            raise UnreadablePayload("", "bukan JSON yang sah / not valid JSON") from None
        raise payload_error(exc) from None


def payload_error(error: ValidationError, prefix: str = "") -> MalformedPayload:
    """The first problem of a pydantic validation, as a 422 naming the field."""
    detail = error.errors()[0]
    path = ".".join(str(part) for part in detail["loc"])
    field_name = f"{prefix}{path}" if path else prefix.rstrip(".")
    failure = MalformedPayload(field_name, explain(detail))
    failure.kind = detail["type"]
    return failure


def explain(detail: Any) -> str:
    if detail["type"] == "missing":
        return "wajib diisi / field required"
    if detail["type"] == "extra_forbidden":
        return "kolom tidak dikenal / unknown field"
    if detail["type"] in ("enum", "literal_error"):
        expected = detail.get("ctx", {}).get("expected", "")
        return f"nilai tidak dikenal; pilihan / allowed: {expected}"
    return str(detail["msg"])
