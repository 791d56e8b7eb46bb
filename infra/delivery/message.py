"""The outbox record: one message to a person, from recorded to sent (or set aside).

Its id is a UUID derived from a stable key (`outbound_id`), so recording the same
message twice collides instead of sending twice. Every attempt is recorded *before* the
adapter is called (`AttemptStarted`, saved with optimistic concurrency: two processes
never both claim it), and its outcome after. Channel status reports (WhatsApp's
sent/delivered/read/failed webhooks) are recorded on it too.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from infra.delivery.ports import Parcel
from standard.aggregate import OfficeAggregate

NAMESPACE = uuid.UUID("6f1c2e5a-3f0e-4c57-9d1e-0b7a4e2d9c11")
STATUS_RANK = {"sent": 1, "delivered": 2, "read": 3}
SETTLED = frozenset({"sent", "set_aside"})


def outbound_id(key: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"outbound:{key}")


def provider_ref_id(channel: str, provider_id: str) -> UUID:
    return uuid.uuid5(NAMESPACE, f"provider:{channel}:{provider_id}")


class OutboundMessage(OfficeAggregate):
    @event("Recorded")
    def __init__(
        self,
        id: UUID,  # the library takes the aggregate id by this name
        office_id: str,
        occurred_at: datetime,
        channel: str,
        purpose: str,  # answer, acknowledgement, survey_invitation, complaint_answer
        recipient: str,
        text: str,
        visit_id: str | None = None,
        subject: str | None = None,
        account: str | None = None,
        reply_to: str | None = None,
        references: tuple[str, ...] = (),
        window_closes_at: datetime | None = None,
        author: str | None = None,
    ) -> None:
        self.office_id = office_id
        self.channel = channel
        self.purpose = purpose
        self.recipient = recipient
        self.text = text
        self.visit_id = visit_id
        self.subject = subject
        self.account = account
        self.reply_to = reply_to
        self.references = tuple(references)
        self.window_closes_at = window_closes_at
        self.author = author
        self.recorded_at = occurred_at
        self.status = "pending"  # pending, sending, sent, set_aside
        self.due_at = occurred_at
        self.attempts = 0
        self.attempt_at: datetime | None = None
        self.force_template = False
        self.mode: str | None = None
        self.provider_id: str | None = None
        self.sent_at: datetime | None = None
        self.delivery_status: str | None = None  # sent, delivered, read, failed (channel's)
        self.reason: str | None = None

    # --- sending ------------------------------------------------------------------------

    def mode_at(self, at: datetime) -> str:
        """WhatsApp: free text inside the 24-hour customer-service window, else a template."""
        if self.channel != "whatsapp":
            return "text"
        if self.force_template or self.window_closes_at is None or at >= self.window_closes_at:
            return "template"
        return "text"

    def parcel(self, mode: str) -> Parcel:
        return Parcel(
            message_id=str(self.id),
            channel=self.channel,
            recipient=self.recipient,
            text=self.text,
            mode=mode,
            subject=self.subject,
            account=self.account,
            reply_to=self.reply_to,
            references=self.references,
        )

    @property
    def settled(self) -> bool:
        return self.status in SETTLED

    @event("AttemptStarted")
    def start_attempt(self, mode: str, occurred_at: datetime) -> None:
        self.status = "sending"
        self.attempts += 1
        self.attempt_at = occurred_at
        self.mode = mode

    @event("Sent")
    def mark_sent(
        self,
        provider_id: str,
        mode: str,
        occurred_at: datetime,
        channel: str,
        purpose: str,
        visit_id: str | None,
        author: str | None = None,
    ) -> None:
        # channel, purpose, visit_id and author repeat the record's so the mapper needs this
        # event only (author added later: a Sent recorded before has none)
        self.status = "sent"
        self.provider_id = provider_id
        self.mode = mode
        self.sent_at = occurred_at
        self.reason = None

    @event("AttemptFailed")
    def fail_attempt(
        self, reason: str, retry_at: datetime, template: bool, occurred_at: datetime
    ) -> None:
        self.status = "pending"
        self.reason = reason
        self.due_at = retry_at
        self.force_template = self.force_template or template

    @event("SetAside")
    def set_aside(self, reason: str, occurred_at: datetime) -> None:
        self.status = "set_aside"
        self.reason = reason

    # --- what the channel reports afterwards -------------------------------------------

    def report_status(self, status: str, occurred_at: datetime, reason: str | None) -> bool:
        """Record a channel status; False when it adds nothing (a redelivery, an older one)."""
        if status == "failed":
            if self.delivery_status == "failed":
                return False
        elif STATUS_RANK.get(status, 0) <= STATUS_RANK.get(self.delivery_status or "", 0):
            return False
        self._status_reported(status=status, reason=reason, occurred_at=occurred_at)
        return True

    @event("StatusReported")
    def _status_reported(self, status: str, reason: str | None, occurred_at: datetime) -> None:
        self.delivery_status = status
        if reason:
            self.reason = reason

    @event("Reopened")
    def reopen_as_template(self, reason: str, occurred_at: datetime) -> None:
        """The channel refused it after accepting it (re-engagement): send a template."""
        self.status = "pending"
        self.force_template = True
        self.due_at = occurred_at
        self.reason = reason

    def view(self) -> dict[str, Any]:
        return {
            "message_id": str(self.id),
            "channel": self.channel,
            "purpose": self.purpose,
            "text": self.text,
            "author": self.author,
            "recorded_at": self.recorded_at,
            "status": self.status,
            "delivery_status": self.delivery_status,
            "mode": self.mode or self.mode_at(self.recorded_at),
            "attempts": self.attempts,
            "sent_at": self.sent_at,
            "reason": self.reason,
        }


class ProviderRef(OfficeAggregate):
    """The channel's id of a sent message (wamid) -> the outbox record (status webhooks)."""

    @event("Noted")
    def __init__(self, id: UUID, office_id: str, occurred_at: datetime, message_id: UUID) -> None:
        self.office_id = office_id
        self.message_id = message_id
