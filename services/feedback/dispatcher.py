"""Sends survey invitations: follows feedback's own notification log, like a relay.

For each `Survey.Invited` it issues a fresh link and records it (`LinkIssued`, with how
it went out), hands it to the Notifier, then records its own position in the log. The
notifier that sends (the visit's outbox in intake) keys the hand-over by the survey, so
a crash before the position is recorded issues a second valid link but sends only the
first; a survey already submitted or expired by then is skipped.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.utils import get_topic

from infra.follower import LogFollower
from infra.processing import process_recorder, record
from services.feedback.application import FeedbackApplication
from services.feedback.domain.survey import Survey
from services.feedback.notifier import Invitation, Notifier

log = logging.getLogger(__name__)


class InvitationDispatcher:
    name = "feedback-notifier"

    def __init__(self, app: FeedbackApplication, notifier: Notifier, batch_size: int = 500) -> None:
        self.app = app
        self.notifier = notifier
        self.recorder = process_recorder(app)
        self.log = LogFollower(app, batch_size, topics=(get_topic(Survey.Invited),))

    def position(self) -> int:
        return self.recorder.max_tracking_id(self.name) or 0

    def run_until_caught_up(self) -> int:
        total = 0
        while count := self.run_once():
            total += count
        return total

    def run_once(self) -> int:
        """Handle one batch of the log; return how many notifications it moved past."""
        done = start = self.position()
        page = self.log.page(start)
        for position, invited in page:
            try:
                self._deliver(invited, Tracking(self.name, position))
            except Exception:
                log.exception(
                    "invitation for survey %s not sent; retrying later", invited.originator_id
                )
                break
            done = position
        self._advance(done)
        return sum(1 for position, _ in page if position <= done)

    def _deliver(self, invited: Any, tracking: Tracking) -> None:
        survey = self.app.get_survey(invited.originator_id)
        now = self.app.now()
        if survey.status_at(now) != "open":
            record(self.app, tracking)
            return
        issued, aggregates = self.app.new_link(survey, survey.delivery, occurred_at=now)
        # The link is recorded before it is handed over, so whatever the visitor receives
        # works; the hand-over is keyed by the survey (a retry after a crash collides).
        self.app.save(*aggregates)
        self.notifier.send(
            Invitation(
                survey_id=survey.id,
                visit_id=survey.visit_id,
                office_id=survey.office_id,
                channel=survey.channel,
                delivery=survey.delivery,
                link=issued.link,
                expires_at=survey.expires_at,
            )
        )
        record(self.app, tracking)

    def _advance(self, position: int) -> None:
        if position > self.position():
            with suppress(IntegrityError):  # recorded with an invitation already
                self.recorder.insert_tracking(Tracking(self.name, position))
