"""The port of a channel adapter: send one parcel, or say why not.

An adapter raises `RetryLater` for what may pass (rate limits, a server that does not
answer, a 5xx) and `Undeliverable` for what never will (an invalid recipient, a
refused credential); anything else it raises is treated as `RetryLater`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol


@dataclass(frozen=True)
class Parcel:
    """What one outbound message carries to its adapter (personal data: never logged)."""

    message_id: str  # the outbox id: stable across attempts, keys the send
    channel: str
    recipient: str
    text: str
    mode: str = "text"  # whatsapp: "text" inside the service window, "template" outside
    subject: str | None = None
    account: str | None = None  # whatsapp: phone_number_id; e-mail: the From address
    reply_to: str | None = None  # the channel id of the message answered (context, In-Reply-To)
    references: tuple[str, ...] = ()  # e-mail thread, oldest first
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sent:
    provider_id: str  # wamid, Message-ID
    at: datetime | None = None


class RetryLater(Exception):
    def __init__(self, reason: str, after_seconds: float | None = None, template: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.after_seconds = after_seconds
        self.template = template  # retry as an approved template (WhatsApp re-engagement)


class Undeliverable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Adapter(Protocol):
    channel: ClassVar[str]

    def send(self, parcel: Parcel) -> Sent:
        """Hand the parcel to the channel; return its id there, or raise."""
        ...
