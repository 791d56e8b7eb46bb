"""The Notifier port: how a survey invitation reaches the visitor on the visit's channel.

`delivery` says how: `reception_display` (the receptionist's screen shows the link or
its QR code), `email`, `whatsapp_session` (a free-form message inside WhatsApp's 24-hour
customer-service window) or `whatsapp_template` (an approved template after it). Feedback
knows no phone number or e-mail address: an adapter that sends by WhatsApp or e-mail
resolves the recipient from the visit id through intake, which keeps contacts encrypted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitation:
    survey_id: UUID
    visit_id: str
    office_id: str
    channel: str
    delivery: str
    link: str
    expires_at: datetime


class Notifier(Protocol):
    def send(self, invitation: Invitation) -> None:
        """Return once the invitation is handed over; raise to have it retried later."""


class LoggingNotifier:
    """The default adapter: logs that an invitation is due, never the link itself."""

    def send(self, invitation: Invitation) -> None:
        log.info(
            "survey invitation %s for visit %s via %s (link withheld, expires %s)",
            invitation.survey_id,
            invitation.visit_id,
            invitation.delivery,
            invitation.expires_at.isoformat(),
        )
