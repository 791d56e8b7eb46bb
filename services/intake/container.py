"""Intake's parts, as its routes receive them (`provided(IntakeContainer)`)."""

from __future__ import annotations

from dataclasses import dataclass

from infra.delivery.outbox import Deliverer
from services.intake.conversations import Conversations
from services.intake.inbox import Inbox


@dataclass(frozen=True)
class IntakeContainer:
    inbox: Inbox
    conversations: Conversations
    deliverer: Deliverer  # sends what intake's outbox holds
