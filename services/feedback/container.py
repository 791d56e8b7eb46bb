"""Feedback's parts, as its routes and pages receive them (`provided(FeedbackContainer)`)."""

from __future__ import annotations

from dataclasses import dataclass

from infra.delivery.outbox import Deliverer
from services.feedback.dispatcher import InvitationDispatcher
from services.feedback.rate_limit import TokenBucketLimiter
from services.feedback.settings import FeedbackSettings


@dataclass(frozen=True)
class FeedbackContainer:
    settings: FeedbackSettings
    dispatcher: InvitationDispatcher
    deliverer: Deliverer  # sends complaint responses from feedback's outbox
    limiter: TokenBucketLimiter  # the public endpoints' per-client token bucket
    office_id: str  # the office whose website hosts the survey and complaint pages
