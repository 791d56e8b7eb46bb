"""Intake's parts, as its routes receive them (`provided(IntakeContainer)`)."""

from __future__ import annotations

from dataclasses import dataclass

from services.intake.inbox import Inbox
from services.intake.replies import RecordedReplies


@dataclass(frozen=True)
class IntakeContainer:
    inbox: Inbox
    replies: RecordedReplies
