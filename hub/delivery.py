"""Wiring of outbound delivery between services, done where both are known: here.

Survey invitations are feedback's, but the visitor's contact is intake's: feedback's
notifier asks intake to message the *visit*; the invitation is then recorded in intake's
outbox (keyed by the survey) and sent by intake's deliverer on the visit's channel.
"""

from __future__ import annotations

import logging
from typing import Any

from hub.settings import HubSettings
from infra.delivery.smtp import SmtpServer
from infra.service import Service
from services.feedback.container import FeedbackContainer
from services.feedback.notifier import Invitation, LoggingNotifier
from services.intake.container import IntakeContainer

log = logging.getLogger(__name__)


def smtp_server(settings: HubSettings) -> SmtpServer | None:
    smtp = settings.smtp
    if not smtp.configured:
        return None
    assert smtp.host is not None
    return SmtpServer(
        host=smtp.host,
        port=smtp.port,
        username=smtp.username,
        password=smtp.password.get_secret_value() if smtp.password else None,
        starttls=smtp.starttls,
        ssl=smtp.ssl,
        sender=smtp.sender,
        timeout_seconds=smtp.timeout_seconds,
        ca_file=smtp.ca_file,
    )


def invitation_text(invitation: Invitation) -> str:
    until = invitation.expires_at.strftime("%d-%m-%Y")
    return (
        "Terima kasih telah menggunakan layanan PST BPS. Mohon luangkan waktu satu menit "
        f"untuk mengisi survei kepuasan (IKM): {invitation.link} (berlaku sampai {until})."
    )


class VisitInvitations:
    """The Notifier of feedback that sends through intake's conversations."""

    def __init__(self, conversations: Any) -> None:
        self.conversations = conversations
        self.reception = LoggingNotifier()

    def send(self, invitation: Invitation) -> None:
        if invitation.delivery == "reception_display":
            self.reception.send(invitation)  # shown at reception for walk-ins
            return
        recorded = self.conversations.notify_visit(
            invitation.visit_id,
            "survey_invitation",
            invitation_text(invitation),
            key=f"survey:{invitation.survey_id}",
        )
        if recorded is None:
            self.reception.send(invitation)


def connect_invitations(services: dict[str, Service]) -> None:
    intake, feedback = services.get("intake"), services.get("feedback")
    if intake is None or feedback is None:
        return
    assert isinstance(intake.container, IntakeContainer)
    assert isinstance(feedback.container, FeedbackContainer)
    feedback.container.dispatcher.notifier = VisitInvitations(intake.container.conversations)
