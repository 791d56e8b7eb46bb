"""The inbox: what any channel delivers is verified, parsed, recorded and acknowledged.

Verification comes before parsing; the whole payload is parsed before anything is
recorded, so a malformed batch records nothing. A visit opened on an online channel
is acknowledged (served now, or from the next opening); a walk-in recorded outside
service hours gets a notice at the desk. Redeliveries and follow-up messages are
recorded once and not acknowledged again. WhatsApp status webhooks (sent, delivered,
read, failed) update the outbox messages they report on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.intake.application import IntakeApplication
from services.intake.channels.base import Channel, InboundMessage, RawInbound, Reply
from services.intake.channels.whatsapp import status_reports
from services.intake.conversations import Conversations
from services.intake.read_models import Arrival
from services.intake.service_hours import online_acknowledgement, walk_in_notice
from standard.errors import OfficeCheck, anyone, ensure_office

SENT_CHANNELS = frozenset({"whatsapp", "email"})  # the others reply in the HTTP response


@dataclass(frozen=True)
class Received:
    message: InboundMessage
    arrival: Arrival
    reply: Reply | None


class Inbox:
    def __init__(
        self,
        app: IntakeApplication,
        channels: Mapping[str, Channel],
        conversations: Conversations,
    ) -> None:
        self.app = app
        self.channels = dict(channels)
        self.conversations = conversations

    def receive(
        self, channel_name: str, raw: RawInbound, may_act_for: OfficeCheck = anyone
    ) -> list[Received]:
        channel = self.channels[channel_name]
        channel.verify(raw)
        messages = channel.parse(raw)
        statuses = status_reports(raw) if channel_name == "whatsapp" else []
        for message in messages:
            ensure_office(may_act_for, message.office_id)
        received = [self._record(channel, message) for message in messages]
        self.conversations.record_statuses(statuses)
        return received

    def _record(self, channel: Channel, message: InboundMessage) -> Received:
        if message.walk_in:
            arrival = self.app.register_walk_in(message)
        else:
            arrival = self.app.receive(message)
        return Received(message, arrival, self._acknowledge(channel, message, arrival))

    def _acknowledge(
        self, channel: Channel, message: InboundMessage, arrival: Arrival
    ) -> Reply | None:
        if arrival.duplicate or not arrival.opened:
            return None
        if message.walk_in:
            text = walk_in_notice(arrival.hours)
        else:
            text = online_acknowledgement(arrival.hours)
        if text is None:
            return None
        reply = channel.reply(message, text)
        if channel.name in SENT_CHANNELS:  # sent through the outbox, like an answer
            key = f"acknowledgement:{arrival.visit_id}"
            self.conversations.notify_visit(str(arrival.visit_id), "acknowledgement", text, key)
        return reply
