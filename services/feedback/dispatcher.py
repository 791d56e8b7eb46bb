"""Sends survey invitations: follows feedback's own notification log, like a relay.

For each `Survey.Invited` it issues a fresh link, hands it to the Notifier, then records
the link (`LinkIssued`, with how it went out) atomically with its own position in the
log. A crash after sending and before recording sends again with a new link (at least
once); a survey already submitted or expired by then is skipped.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from eventsourcing.persistence import IntegrityError, ProcessRecorder, Tracking

from infra.processing import record_with_tracking
from services.feedback.application import FeedbackApplication
from services.feedback.domain.survey import Survey
from services.feedback.notifier import Invitation, Notifier

log = logging.getLogger(__name__)


class InvitationDispatcher:
    name = "feedback-notifier"

    def __init__(self, app: FeedbackApplication, notifier: Notifier, batch_size: int = 500) -> None:
        self.app = app
        self.notifier = notifier
        self.batch_size = batch_size

    @property
    def recorder(self) -> ProcessRecorder:
        recorder = self.app.recorder
        assert isinstance(recorder, ProcessRecorder)
        return recorder

    def position(self) -> int:
        return self.recorder.max_tracking_id(self.name) or 0

    def run_until_caught_up(self) -> int:
        total = 0
        while count := self.run_once():
            total += count
        return total

    def run_once(self) -> int:
        """Handle one batch of the log; return how many notifications it moved past."""
        start = self.position()
        notifications = self.recorder.select_notifications(
            start, self.batch_size, inclusive_of_start=False
        )
        done = start
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            if isinstance(event, Survey.Invited):
                try:
                    self._deliver(event, Tracking(self.name, notification.id))
                except Exception:
                    log.exception(
                        "invitation for survey %s not sent; retrying later", event.originator_id
                    )
                    break
            done = notification.id
        self._advance(done)
        return sum(1 for notification in notifications if notification.id <= done)

    def _deliver(self, invited: Any, tracking: Tracking) -> None:
        survey = self.app.get_survey(invited.originator_id)
        now = self.app.now()
        if survey.status_at(now) != "open":
            record_with_tracking(self.app, tracking)
            return
        issued, aggregates = self.app.new_link(survey, survey.delivery, occurred_at=now)
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
        record_with_tracking(self.app, tracking, *aggregates)

    def _advance(self, position: int) -> None:
        if position > self.position():
            with suppress(IntegrityError):  # recorded with an invitation already
                self.recorder.insert_tracking(Tracking(self.name, position))
